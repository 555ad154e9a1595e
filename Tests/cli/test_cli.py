"""The thistle command as an operator uses it, on a scratch SQLite database."""
import base64
import hashlib
import os
import re
import sqlite3
import subprocess
import tempfile
import uuid

import pytest

THISTLE = os.environ.get("THISTLE_BINARY", ".build/debug/thistle")


def run(*args, env=None, check=True, cwd=None):
    binary = os.path.abspath(THISTLE) if cwd else THISTLE
    result = subprocess.run([binary, *args], env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120, cwd=cwd)
    if check and result.returncode != 0:
        raise AssertionError(f"thistle {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def database():
    with tempfile.TemporaryDirectory() as folder:
        yield {"THISTLE_SQLITE_PATH": os.path.join(folder, "thistle.sqlite"), "THISTLE_BCRYPT_COST": "4"}


def test_serve_refuses_an_unmigrated_database_and_names_the_command(database):
    result = run("serve", "--port", "18099", env=database, check=False)
    assert result.returncode != 0
    assert "thistle migrate" in result.stderr


def test_migrate_create_user_and_audit_verify(database):
    first = run("migrate", env=database)
    assert "Applied" in first.stdout
    assert "up to date" in run("migrate", env=database).stdout

    created = run("create-user", "--email", "Admin@Example.org", "--name", "Ada Admin", "--role", "admin,coordinator",
                  "--partnership", "Example Partnership", env={**database, "THISTLE_PASSWORD": "a-long-admin-password"})
    assert "Created admin, coordinator account admin@example.org in Example Partnership" in created.stdout

    verified = run("audit-verify", env=database)
    assert verified.stdout.startswith("OK:")


def test_create_user_refuses_bad_input_and_writes_nothing(database):
    run("migrate", env=database)
    result = run("create-user", "--email", "not-an-email", "--name", "", "--role", "emperor", "--partnership", "X",
                 env={**database, "THISTLE_PASSWORD": "short"}, check=False)
    assert result.returncode != 0
    for message in ["--email", "--role", "Password must be at least 12 characters"]:
        assert message in result.stderr
    with sqlite3.connect(database["THISTLE_SQLITE_PATH"]) as db:
        assert db.execute("SELECT COUNT(*) FROM accounts").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM partnerships").fetchone()[0] == 0


def test_audit_verify_reports_a_hand_edited_row(database):
    run("migrate", env=database)
    run("create-user", "--email", "a@example.org", "--name", "Ada", "--role", "admin", "--partnership", "P",
        env={**database, "THISTLE_PASSWORD": "a-long-admin-password"})
    with sqlite3.connect(database["THISTLE_SQLITE_PATH"]) as db:
        db.execute("UPDATE audit_events SET actor_label = 'Mallory' WHERE sequence = 3")
    result = run("audit-verify", env=database, check=False)
    assert result.returncode != 0
    assert "BROKEN at event 3" in result.stderr


def test_import_cohort_lists_every_bad_row_imports_nothing_then_imports_a_good_file(database, tmp_path):
    # given: the demo partnership (its 2017 progress review has no cohort yet)
    run("migrate", env=database)
    run("generate-load-data", "--responses", "10", "--invitations", "10", "--records", "0", "--evidence", "0", "--sessions", "0", env=database)
    partnership = "Northfield Children's Services Partnership (synthetic demonstration)"
    review = "First progress review (September 2017)"
    header = "local_reference,agencies,category,age_band,locality,last_significant_event\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "CLI-1,Northfield Council,Child in need,5-11,Eastburn,2017-05-01\n"
                   "CLI-2,Fire Service,Adopted,5-11,Eastburn,2017-05-01\n")
    good = tmp_path / "good.csv"
    good.write_text(header + "".join(f"CLI-{n},Northfield Council; NHS Northfield,Child in need,12-15,Westmuir,2017-06-0{n % 9 + 1}\n"
                                     for n in range(1, 41)))

    # when: a bad file
    refused = run("import-cohort", "--partnership", partnership, "--review", review, "--file", str(bad), env=database, check=False)
    # then: every bad row, nothing imported
    assert refused.returncode != 0
    assert "Row 3: agencies: “Fire Service” is not one of the partnership's agencies; category “Adopted” must be one of" in refused.stderr
    assert "Nothing was imported: 1 row has problems." in refused.stderr
    db = sqlite3.connect(database["THISTLE_SQLITE_PATH"])
    count = "SELECT COUNT(*) FROM cohort_records r JOIN reviews v ON v.id = r.review_id WHERE v.title = ?"
    assert db.execute(count, (review,)).fetchone()[0] == 0

    # when: a good one
    imported = run("import-cohort", "--partnership", partnership, "--review", review, "--file", str(good), env=database)
    # then: stored, without the references anywhere in the database file
    assert "40 records imported into the cohort of First progress review (September 2017)." in imported.stdout
    assert db.execute(count, (review,)).fetchone()[0] == 40
    db.close()
    for suffix in ["", "-wal"]:
        if os.path.exists(database["THISTLE_SQLITE_PATH"] + suffix):
            with open(database["THISTLE_SQLITE_PATH"] + suffix, "rb") as stored:
                assert b"CLI-1" not in stored.read()
    assert run("audit-verify", env=database).stdout.startswith("OK:")


def test_check_production_fails_on_a_development_configuration_and_passes_a_safe_one(database):
    with tempfile.TemporaryDirectory() as folder:
        unsafe = run("check", "--production", env={**database, "THISTLE_SECRET_KEY_FILE": os.path.join(folder, "missing.key")}, check=False)
        assert unsafe.returncode != 0
        for line in ["FAIL  Running in production mode", "FAIL  Secret key set outside the database", "FAIL  Secure cookies",
                     "FAIL  HSTS (Strict-Transport-Security)", "FAIL  Second factor required for administrators",
                     "FAIL  Password hashing cost of 12 or more", "FAIL  Public address set, using HTTPS"]:
            assert line in unsafe.stdout, unsafe.stdout
        assert "checks failed: not safe for production" in unsafe.stderr

        key = base64.b64encode(os.urandom(32)).decode()
        safe = run("check", "--production", "--env", "production",
                   env={**database, "THISTLE_SECRET_KEY": key, "THISTLE_BCRYPT_COST": "12", "THISTLE_PUBLIC_URL": "https://thistle.example.gov.uk"}, check=False)
        assert safe.returncode == 0, safe.stdout + safe.stderr
        assert "All 9 checks passed." in safe.stdout


def test_check_production_refuses_a_key_file_beside_the_database(database):
    # given: a production configuration whose key file was made in the database's own folder
    folder = os.path.dirname(database["THISTLE_SQLITE_PATH"])
    beside = os.path.join(folder, "secret.key")
    with open(beside, "w") as key_file:
        key_file.write(base64.b64encode(os.urandom(32)).decode())
    settings = {**database, "THISTLE_SECRET_KEY_FILE": beside, "THISTLE_BCRYPT_COST": "12", "THISTLE_PUBLIC_URL": "https://thistle.example.gov.uk"}
    # when
    result = run("check", "--production", "--env", "production", env=settings, check=False)
    # then: refused, saying why; the same key from the environment passes
    assert result.returncode != 0
    assert "FAIL  Secret key kept away from the database's folder: the key file sits beside the database" in result.stdout, result.stdout
    with tempfile.TemporaryDirectory() as elsewhere:
        apart = os.path.join(elsewhere, "thistle.key")
        with open(apart, "w") as key_file:
            key_file.write(open(beside).read())
        assert run("check", "--production", "--env", "production", env={**settings, "THISTLE_SECRET_KEY_FILE": apart}, check=False).returncode == 0


def test_backup_and_restore_round_trip(database, tmp_path):
    # given: a database with an account
    run("migrate", env=database)
    run("create-user", "--email", "keep@example.org", "--name", "Kept", "--role", "admin", "--partnership", "P",
        env={**database, "THISTLE_PASSWORD": "a-long-admin-password"})
    copy = str(tmp_path / "backup.sqlite")

    # when: it is backed up, then the account is lost
    backed_up = run("backup", "--to", copy, env=database)
    refused_overwrite = run("backup", "--to", copy, env=database, check=False)
    with sqlite3.connect(database["THISTLE_SQLITE_PATH"]) as db:
        db.execute("DELETE FROM user_sessions")
        db.execute("DELETE FROM accounts")
    refused_without_replace = run("restore", "--from", copy, env=database, check=False)
    not_a_backup = tmp_path / "junk.sqlite"
    not_a_backup.write_bytes(b"not a database at all" * 100)
    refused_junk = run("restore", "--from", str(not_a_backup), "--replace", env=database, check=False)
    restored = run("restore", "--from", copy, "--replace", env=database)

    # then: the copy was checked, the bad restores changed nothing, and the account is back
    assert "integrity check ok" in backed_up.stdout
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert re.search(r"^  Copying the database \(kilobytes\): [\d,]+ done in \d+ s", backed_up.stderr, re.MULTILINE), backed_up.stderr
    assert refused_overwrite.returncode == 2 and "--to must name a file that does not exist yet" in refused_overwrite.stderr
    assert refused_without_replace.returncode != 0 and "--replace" in refused_without_replace.stderr
    assert refused_junk.returncode != 0 and "nothing was changed" in refused_junk.stderr
    assert "Restored" in restored.stdout and "Copying the backup into place (kilobytes):" in restored.stderr
    with sqlite3.connect(database["THISTLE_SQLITE_PATH"]) as db:
        assert db.execute("SELECT email FROM accounts").fetchall() == [("keep@example.org",)]
    assert run("audit-verify", env=database).stdout.startswith("OK:")


def test_purge_removes_only_what_is_due_and_a_legal_hold_stops_it(database):
    # given: the demo data, with survey comments kept 6 months after a review reports
    run("migrate", env=database)
    run("generate-load-data", "--responses", "10", "--invitations", "10", "--records", "0", "--evidence", "0", "--sessions", "0", env=database)
    with sqlite3.connect(database["THISTLE_SQLITE_PATH"]) as db:
        partnership = db.execute("SELECT id FROM partnerships").fetchone()[0]
        db.execute("INSERT INTO retention_settings (id, partnership_id, kind, months) VALUES (?, ?, 'surveyFreeText', 6)", (str(uuid.uuid4()).upper(), partnership))
        comments_before = db.execute("SELECT COUNT(*) FROM survey_answers WHERE text IS NOT NULL").fetchone()[0]
    # when / then: a dry run says what would go and removes nothing
    dry = run("purge", "--dry-run", env=database)
    assert "would remove" in dry.stdout and "staff survey comments of First progress review (September 2017)" in dry.stdout
    with sqlite3.connect(database["THISTLE_SQLITE_PATH"]) as db:
        assert db.execute("SELECT COUNT(*) FROM survey_answers WHERE text IS NOT NULL").fetchone()[0] == comments_before
        db.execute("UPDATE partnerships SET legal_hold_reason = 'Court order of 1 May 2019'")
    held = run("purge", env=database)
    assert "legal hold, nothing removed (Court order of 1 May 2019)" in held.stdout
    with sqlite3.connect(database["THISTLE_SQLITE_PATH"]) as db:
        db.execute("UPDATE partnerships SET legal_hold_reason = NULL")
    purged = run("purge", env=database)
    assert "removed" in purged.stdout
    with sqlite3.connect(database["THISTLE_SQLITE_PATH"]) as db:
        assert db.execute("SELECT COUNT(*) FROM survey_answers WHERE text IS NOT NULL").fetchone()[0] < comments_before
    assert run("audit-verify", env=database).stdout.startswith("OK:")


def test_create_api_token_prints_only_the_token_and_keeps_its_digest(database):
    run("migrate", env=database)
    run("create-user", "--email", "a@example.org", "--name", "Ada", "--role", "admin", "--partnership", "P",
        env={**database, "THISTLE_PASSWORD": "a-long-admin-password"})
    refused = run("create-api-token", "--partnership", "Q", "--name", "", "--role", "owner", "--days", "400", env=database, check=False)
    assert refused.returncode != 0
    for message in ['--partnership: no partnership is called "Q"', "--name:", "--role:", "--days: Enter a whole number of days from 1 to 365"]:
        assert message in refused.stderr
    made = run("create-api-token", "--partnership", "P", "--name", "Dashboard", "--role", "leader", "--days", "7",
               env={**database, "LOG_LEVEL": "warning"})
    token = made.stdout.strip()
    assert token.startswith("thistle_") and len(token) == len("thistle_") + 43
    with sqlite3.connect(database["THISTLE_SQLITE_PATH"]) as db:
        rows = db.execute("SELECT name, role, token_digest FROM api_tokens").fetchall()
    assert rows == [("Dashboard", "leader", hashlib.sha256(token.encode()).hexdigest())]
    assert run("audit-verify", env=database).stdout.startswith("OK:")


def test_generate_load_data_makes_the_sizes_asked_for_and_keeps_the_audit_chain(database):
    # given: a fresh database
    run("migrate", env=database)
    # when: the demo with a small wave and a review topped up to 80 moderated records, 50 evidence items and 60 sessions
    result = run("generate-load-data", "--responses", "20", "--invitations", "5", "--records", "80", "--evidence", "50", "--sessions", "60",
                 env=database)
    # then: the review holds exactly those totals (the demo's own included), each record read by both sides and moderated
    assert "records, " in result.stdout and "evidence items and" in result.stdout
    with sqlite3.connect(database["THISTLE_SQLITE_PATH"]) as db:
        review = db.execute("SELECT review_id FROM fieldwork_sessions GROUP BY review_id ORDER BY COUNT(*) DESC").fetchone()[0]
        sampled = db.execute("SELECT COUNT(*) FROM cohort_records WHERE review_id = ? AND sample_status = 'sampled'", (review,)).fetchone()[0]
        questions = db.execute("SELECT COUNT(*) FROM reading_questions q JOIN reading_templates t ON t.id = q.template_id WHERE t.review_id = ?",
                               (review,)).fetchone()[0]
        added = db.execute("SELECT COUNT(*) FROM cohort_records WHERE review_id = ? AND locality = 'Load'", (review,)).fetchone()[0]
        moderated = db.execute("""SELECT COUNT(*) FROM cohort_records r WHERE r.locality = 'Load' AND r.review_id = ?
                                  AND (SELECT COUNT(*) FROM readings g WHERE g.record_id = r.id AND g.status = 'submitted') = 2
                                  AND (SELECT COUNT(*) FROM agreed_answers a WHERE a.record_id = r.id) = ?""", (review, questions)).fetchone()[0]
        assert sampled == 80 and added > 0 and moderated == added
        assert db.execute("SELECT COUNT(*) FROM evidence_items WHERE review_id = ?", (review,)).fetchone()[0] == 50
        assert db.execute("SELECT COUNT(*) FROM fieldwork_sessions WHERE review_id = ?", (review,)).fetchone()[0] == 60
        assert db.execute("SELECT COUNT(*) FROM survey_responses").fetchone()[0] >= 20
    assert run("audit-verify", env=database).stdout.startswith("OK:")
