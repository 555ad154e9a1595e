/// Who a survey is written for. Staff answer the five-point agreement scale on one page;
/// children answer a three-point scale with symbols, one question a page; children, young
/// people, parents and carers are shown who they can talk to on every page, and their results
/// need larger groups before any figure is shown.
public enum SurveyAudience: String, Codable, Sendable, CaseIterable {
    case staff
    case children
    case youngPeople
    case parentsCarers

    /// As a coordinator chooses it.
    public var title: String {
        switch self {
        case .staff: return "Staff"
        case .children: return "Children (about 8 to 11)"
        case .youngPeople: return "Young people (12 to 17)"
        case .parentsCarers: return "Parents and carers"
        }
    }

    /// As a sentence names them: "a survey of young people".
    public var plural: String {
        switch self {
        case .staff: return "staff"
        case .children: return "children"
        case .youngPeople: return "young people"
        case .parentsCarers: return "parents and carers"
        }
    }

    /// What a survey for them is called: "Young people's survey".
    public var surveyName: String {
        switch self {
        case .staff: return "Staff survey"
        case .children: return "Children's survey"
        case .youngPeople: return "Young people's survey"
        case .parentsCarers: return "Parents' and carers' survey"
        }
    }

    /// Within a sentence: "a young people's survey".
    public var surveyNameInSentence: String { surveyName.lowercasedFirst }

    /// What respondents read first, until a coordinator changes it; in their words.
    public var defaultIntroduction: String {
        switch self {
        case .staff:
            return "This survey asks for your views on progress in the areas for improvement that the inspection set. "
                + "It is anonymous: your answers are stored without your name, your invitation code or the time you answered, "
                + "and results are only shown for groups large enough that no one can be picked out. It takes about ten minutes."
        case .children:
            return "We want to know what you think about the help you get. We do not ask your name. "
                + "You can skip any question. You can stop at any time."
        case .youngPeople:
            return "We want to hear what you think about the help and support you get. We do not ask your name, "
                + "and nobody can tell which answers are yours. You can skip any question or stop at any time."
        case .parentsCarers:
            return "We want to hear what you think of the help your family gets. We do not ask your name, "
                + "and nobody can tell which answers are yours. You can skip any question."
        }
    }

    /// Who to talk to, shown on every page of the survey until a coordinator changes it (to add
    /// the partnership's own contact, say). Staff surveys have none.
    public var defaultHelpText: String? {
        switch self {
        case .staff:
            return nil
        case .children:
            return "If you are worried or sad, talk to a grown-up you trust. You can call Childline free on 0800 1111. It is open all the time."
        case .youngPeople:
            return "If you are worried about anything, talk to someone you trust. You can call Childline free on 0800 1111 at any time, day or night."
        case .parentsCarers:
            return "If you are worried about a child, call the NSPCC helpline on 0808 800 5000. In an emergency, call 999."
        }
    }

    /// Children and young people: surveys that ask for their agreement first, tell them on
    /// every page who they can talk to, and protect small numbers more.
    public var isYoung: Bool { self == .children || self == .youngPeople }

    /// Everyone but staff: free text may disclose harm, so every comment is screened and every
    /// page says who to talk to.
    public var isPublic: Bool { self != .staff }

    /// While such a survey is open, a comment reaches the screener the day after it was
    /// written, whether or not its response has been released: a child's disclosure of harm
    /// must not wait for enough others to answer. The screener learns only the day, which the
    /// response keeps anyway. Staff comments wait for a release (`SurveyReleaseRule`).
    public var commentsReachScreenerNextDay: Bool { isPublic }

    /// The age bands children and young people are asked for: never a date of birth or an age.
    /// Stored and tallied as the respondent's group (`StarterSurvey.Kind.roleGroup`).
    public var ageBands: [String] {
        switch self {
        case .children: return ["8 or 9", "10 or 11"]
        case .youngPeople: return ["12 to 14", "15 to 17"]
        case .staff, .parentsCarers: return []
        }
    }

    /// What the respondent's group is called in results: "role group", or "age band".
    public var groupName: String { isYoung ? "age band" : "role group" }

    /// Results by age band only when every band passes the threshold
    /// (`SurveyBreakdown.everyGroupOrNone`); role groups keep the usual suppression.
    public var groupsShownOnlyAllTogether: Bool { isYoung }

    /// The scale agreement items are answered on.
    public var scale: AnswerScale { self == .children ? .threePoint : .fivePoint }

    /// One question a page, with symbols and large targets.
    public var oneQuestionAPage: Bool { self == .children }

    /// Groups smaller than this are not shown. Children and young people can be picked out
    /// from fewer answers than staff (a class, a care placement), so their default is higher.
    public var defaultThreshold: Int { isYoung ? 15 : SurveySchedule.defaultThreshold }

    /// The lowest threshold a coordinator may set.
    public var minimumThreshold: Int { isYoung ? 10 : SurveySchedule.minimumThreshold }

    /// The Flesch–Kincaid grade that every starter question must not exceed (`Readability`):
    /// a reading age (grade plus five) no higher than the youngest who answer — 8 for children,
    /// 11 for young people — and 9 for parents and carers, the reading age GOV.UK writes for.
    public var maximumGrade: Double? {
        switch self {
        case .staff: return nil
        case .children: return 3
        case .youngPeople: return 6
        case .parentsCarers: return 4
        }
    }
}

/// The answers an agreement item offers. Both scales store `Agreement` values, so tallies,
/// suppression and "% agreeing" work the same: on the three-point scale "Yes" is agreeing.
public enum AnswerScale: Sendable {
    case fivePoint
    case threePoint

    public struct Choice: Equatable, Sendable {
        public let value: Agreement
        public let label: String
        /// The symbol drawn beside the words on the three-point scale.
        public let symbol: Symbol?
    }

    /// Faces drawn as shapes, so that no answer is told apart by colour alone.
    public enum Symbol: String, Sendable {
        case smile, straight, frown
    }

    /// In the order a respondent reads them.
    public var choices: [Choice] {
        switch self {
        case .fivePoint:
            return Agreement.presented.map { Choice(value: $0, label: $0.label, symbol: nil) }
        case .threePoint:
            return [Choice(value: .agree, label: "Yes", symbol: .smile),
                    Choice(value: .neither, label: "Not sure", symbol: .straight),
                    Choice(value: .disagree, label: "No", symbol: .frown)]
        }
    }

    /// Whether `value` is one of this scale's answers.
    public func offers(_ value: Agreement) -> Bool { choices.contains { $0.value == value } }

    /// The words for a stored answer on this scale ("Yes" for agree on the three-point scale).
    public func label(_ value: Agreement) -> String { choices.first { $0.value == value }?.label ?? value.label }
}

/// The groups whose own words a review brings together beside the staff's: from their surveys
/// and from the inspectors' meetings with them.
public enum Voice: String, CaseIterable, Sendable {
    case childrenAndYoungPeople
    case parentsAndCarers

    public var heading: String {
        switch self {
        case .childrenAndYoungPeople: return "What children and young people told us"
        case .parentsAndCarers: return "What parents and carers told us"
        }
    }

    /// Whose surveys speak for this group.
    public var audiences: [SurveyAudience] {
        switch self {
        case .childrenAndYoungPeople: return [.children, .youngPeople]
        case .parentsAndCarers: return [.parentsCarers]
        }
    }

    /// Whose meetings speak for this group.
    public var sessionKind: SessionKind {
        switch self {
        case .childrenAndYoungPeople: return .childMeeting
        case .parentsAndCarers: return .familyMeeting
        }
    }
}
