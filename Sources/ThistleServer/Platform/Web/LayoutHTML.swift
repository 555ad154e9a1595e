/// The layout every page sits in: head, header (navigation, search, switchers, sign-out), the
/// one-off message, the page's own content, footer. Draws the same bytes as `layout.leaf`, which
/// the pages still drawn by Leaf use until they move (a test holds the two to each other).
enum LayoutHTML {
    static func draw(_ page: PageChrome, into html: inout HTML, content: (inout HTML) -> Void) {
        html.raw("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
        html.enclosed("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", page.title, " – Thistle</title>\n<link rel=\"stylesheet\" href=\"")
        html.text(page.stylesheetURL)
        html.raw("\">\n</head>\n<body>\n<a href=\"#main-content\" class=\"skip-link\">Skip to main content</a>\n<header class=\"site-header\">\n")
        html.enclosed("  <div class=\"header-bar\"><div class=\"container header-inner\">\n    <a href=\"", page.homeURL, "\" class=\"brand\">Thistle</a>\n    ")
        if let signedInAs = page.signedInAs {
            html.raw("\n    <nav aria-label=\"Main\" class=\"main-nav\">\n      <ul>\n        ")
            for item in page.navigation {
                html.enclosed("<li><a href=\"", item.url, "\"")
                html.raw(" aria-current=\"page\"", if: item.current)
                html.enclosed(">", item.label, "</a></li>")
            }
            html.raw("\n      </ul>\n    </nav>\n    <div class=\"account\">\n      ")
            if let searchURL = page.searchURL {
                html.enclosed("\n      <form method=\"get\" action=\"", searchURL, "\" class=\"inline-form site-search\" role=\"search\">\n        <label for=\"site-search\">Search</label>\n")
                html.raw("        <input id=\"site-search\" name=\"q\" type=\"search\" size=\"18\">\n")
                html.raw("        <button type=\"submit\" class=\"link-button\">Find</button>\n      </form>\n      ")
            }
            html.raw("\n      ")
            if let switcher = page.partnershipSwitcher {
                drawSwitcher(switcher, page: page, id: "partnership-switcher", name: "partnership", label: "Partnership",
                             button: "Switch<span class=\"visually-hidden\"> partnership</span>", into: &html)
            }
            html.raw("\n      ")
            if let switcher = page.reviewSwitcher {
                drawSwitcher(switcher, page: page, id: "review-switcher", name: "review", label: "Working in", button: "Switch", into: &html)
            }
            html.raw("\n      ")
            if let helpURL = page.helpURL {
                html.enclosed("<a href=\"", helpURL, "\" class=\"help-link\">Help</a>")
            }
            html.enclosed("\n      <span class=\"account-name\">Signed in as <a href=\"", page.accountURL, "\">")
            html.text(signedInAs)
            html.enclosed("</a></span>\n      <form method=\"post\" action=\"", page.logoutURL, "\" class=\"inline-form\">\n        <input type=\"hidden\" name=\"_csrf\" value=\"")
            html.text(page.csrfToken)
            html.raw("\">\n        <button type=\"submit\" class=\"link-button\">Sign out</button>\n      </form>\n    </div>\n    ")
        }
        html.raw("\n  </div></div>\n  ")
        if let note = page.displayDateNote {
            html.enclosed("<div class=\"demo-banner\"><div class=\"container\"><p><strong>Demo.</strong> ", note, "</p></div></div>")
        }
        html.raw("\n</header>\n<main id=\"main-content\" class=\"container\" tabindex=\"-1\">\n")
        if let flash = page.flash {
            html.enclosed("<div class=\"notification\" role=\"status\"><p>", flash, "</p></div>")
        }
        html.raw("\n")
        content(&html)
        html.raw("\n</main>\n<footer class=\"site-footer\">\n")
        html.raw("  <div class=\"container\"><p>Thistle: one place to prepare for, run and report a joint inspection progress review.</p></div>\n")
        html.raw("</footer>\n</body>\n</html>\n")
    }

    private static func drawSwitcher(_ switcher: ReviewSwitcher, page: PageChrome, id: StaticString, name: StaticString, label: StaticString,
                                     button: StaticString, into html: inout HTML) {
        html.enclosed("\n      <form method=\"post\" action=\"", switcher.action, "\" class=\"inline-form review-switcher\">\n        <input type=\"hidden\" name=\"_csrf\" value=\"")
        html.text(page.csrfToken)
        html.raw("\">\n        <label for=\"")
        html.raw(id)
        html.raw("\">")
        html.raw(label)
        html.raw("</label>\n        <select id=\"")
        html.raw(id)
        html.raw("\" name=\"")
        html.raw(name)
        html.raw("\">")
        for option in switcher.options {
            html.enclosed("<option value=\"", option.value, "\"")
            html.raw(" selected", if: option.selected)
            html.enclosed(">", option.label, "</option>")
        }
        html.raw("</select>\n        <button type=\"submit\" class=\"link-button\">")
        html.raw(button)
        html.raw("</button>\n      </form>\n      ")
    }
}
