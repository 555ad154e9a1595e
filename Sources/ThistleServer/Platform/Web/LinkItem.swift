/// A link as pages draw it: its words and where it goes.
struct LinkItem: Encodable {
    let label: String
    let url: String
}
