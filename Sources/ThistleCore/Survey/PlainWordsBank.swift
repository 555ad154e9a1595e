/// Starter statements in plain words for children, young people, and parents and carers, each
/// keyed to the quality indicator it speaks to. An improvement area's title ("governance,
/// leadership and accountability of the child protection committee") means nothing to a
/// nine-year-old, so a statement joins the first area (by number) linked to its indicator;
/// areas about leadership and self-evaluation, which children cannot judge, get none.
/// Every statement is checked against its audience's reading age (`Readability`) by a test.
public enum PlainWordsBank {
    public struct Statement: Sendable {
        public let key: String
        public let indicatorCode: String
        public let text: String
    }

    public static func statements(for audience: SurveyAudience) -> [Statement] {
        switch audience {
        case .staff: return []
        case .children: return [
            .init(key: "c-safe", indicatorCode: "2.1", text: "I feel safe."),
            .init(key: "c-help", indicatorCode: "2.1", text: "Grown-ups help me when I need it."),
            .init(key: "c-listen", indicatorCode: "6.3", text: "Grown-ups listen to me."),
            .init(key: "c-ask", indicatorCode: "6.3", text: "Grown-ups ask me what I think."),
            .init(key: "c-tell", indicatorCode: "5.2", text: "If I am worried, I know who to tell."),
            .init(key: "c-plan", indicatorCode: "5.3", text: "Grown-ups tell me about plans for me."),
            .init(key: "c-soon", indicatorCode: "5.1", text: "I got help as soon as I needed it."),
            .init(key: "c-better", indicatorCode: "1.1", text: "Things are getting better for me."),
            .init(key: "c-family", indicatorCode: "2.2", text: "My family gets help when we need it."),
        ]
        case .youngPeople: return [
            .init(key: "yp-safe", indicatorCode: "2.1", text: "I feel safe where I live."),
            .init(key: "yp-difference", indicatorCode: "2.1", text: "The help I get makes a real difference to my life."),
            .init(key: "yp-listen", indicatorCode: "6.3", text: "Staff listen to me and take what I say seriously."),
            .init(key: "yp-say", indicatorCode: "6.3", text: "I have a say in choices made about me."),
            .init(key: "yp-talk", indicatorCode: "5.2", text: "If I was worried about my safety, I know who I could talk to."),
            .init(key: "yp-plan", indicatorCode: "5.3", text: "I know what my plan is and why."),
            .init(key: "yp-early", indicatorCode: "5.1", text: "I got help early, before things got worse."),
            .init(key: "yp-better", indicatorCode: "1.1", text: "My life has got better in the last year."),
            .init(key: "yp-family", indicatorCode: "2.2", text: "My family gets the help it needs."),
        ]
        case .parentsCarers: return [
            .init(key: "pc-helped", indicatorCode: "2.2", text: "Staff have helped our family."),
            .init(key: "pc-contact", indicatorCode: "2.2", text: "I know who to call if we need help."),
            .init(key: "pc-safer", indicatorCode: "2.1", text: "My child is safer because of the help we get."),
            .init(key: "pc-listen", indicatorCode: "6.3", text: "Staff listen to me and my child."),
            .init(key: "pc-views", indicatorCode: "6.3", text: "I am asked what I think of the help we get."),
            .init(key: "pc-early", indicatorCode: "5.1", text: "We got help early, before things got worse."),
            .init(key: "pc-needs", indicatorCode: "5.2", text: "Staff know what my child needs to be safe and well."),
            .init(key: "pc-plan", indicatorCode: "5.3", text: "I had a say in my child's plan."),
            .init(key: "pc-better", indicatorCode: "1.1", text: "Life has got better for my child."),
        ]
        }
    }

    /// The free-text questions, asked once at the end (optional, and screened before anyone reads them).
    public static func comments(for audience: SurveyAudience) -> [(key: String, text: String)] {
        switch audience {
        case .staff: return []
        case .children: return [("c-comment", "Is there anything else you want to tell us?")]
        case .youngPeople: return [("yp-comment", "What would make things better for you?")]
        case .parentsCarers: return [("pc-comment", "What would help your family most?")]
        }
    }

    static func questions(for areas: [StarterSurvey.Area], audience: SurveyAudience) -> [StarterSurvey.Question] {
        var placed: Set<String> = []
        var questions: [StarterSurvey.Question] = []
        let bank = statements(for: audience)
        for area in areas.sorted(by: { $0.number < $1.number }) {
            for code in area.indicatorCodes {
                for statement in bank where statement.indicatorCode == code && !placed.contains(statement.key) {
                    placed.insert(statement.key)
                    questions.append(StarterSurvey.Question(key: statement.key, kind: .agreement, text: statement.text, areaNumber: area.number,
                                                            required: false, options: [], indicatorCodes: [code]))
                }
            }
        }
        // Asked after the statements, so that a child meets what matters first.
        if !audience.ageBands.isEmpty {
            questions.append(StarterSurvey.Question(key: audience == .children ? "c-age" : "yp-age", kind: .roleGroup, text: "How old are you?",
                                                    areaNumber: nil, required: false, options: audience.ageBands))
        }
        for comment in comments(for: audience) {
            questions.append(StarterSurvey.Question(key: comment.key, kind: .freeText, text: comment.text, areaNumber: nil, required: false, options: []))
        }
        return questions
    }
}
