import Vapor

extension Response {
    /// A chart, drawn as SVG.
    static func svg(_ drawing: String) -> Response {
        let response = Response(status: .ok, body: .init(string: drawing))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml", parameters: ["charset": "utf-8"])
        return response
    }
}
