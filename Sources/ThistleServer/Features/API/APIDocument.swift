import Foundation
import ThistleCore

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. Paths come
/// from `Paths` and schemas from the DTOs, so the document cannot name a route or a field
/// that does not exist; schemathesis checks the answers against it in `scripts/test`.
enum APIDocument {
    static let json: Data = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        // The document is built from constants: failing to encode it is a programming error.
        return try! encoder.encode(document)
    }()

    static var document: JSONValue {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Thistle API",
                "version": "1.0.0",
                "description": """
                Read access to a partnership's review: improvement areas and their grades, readiness, staff survey \
                results, records reading results, the improvement plan's actions and the fieldwork sessions. \
                Figures are those the pages show, with their bases; survey results follow the same small-group rules. \
                An administrator makes a token at Administration → API tokens; it reads one partnership with one role \
                until it expires or is revoked. Send it as `Authorization: Bearer <token>`.
                """,
            ],
            "security": [["bearerToken": []]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearerToken": ["type": "http", "scheme": "bearer", "description": "An API token (thistle_…)"]],
                "schemas": schemas,
                "parameters": [
                    "reviewID": ["name": .string(Paths.Param.review), "in": "path", "required": true, "schema": Schema.uuid,
                                 "description": "A review of the token's partnership (see GET /api/v1/reviews)"],
                    "surveyID": ["name": .string(Paths.Param.survey), "in": "path", "required": true, "schema": Schema.uuid,
                                 "description": "A survey of the token's partnership"],
                    "page": ["name": "page", "in": "query", "required": false,
                             "schema": ["type": "integer", "minimum": 1, "maximum": .integer(APIPage.highestPage), "default": 1]],
                    "perPage": ["name": "perPage", "in": "query", "required": false,
                                "schema": ["type": "integer", "minimum": 1, "maximum": .integer(APIPage.largest), "default": 100]],
                ],
                "responses": [
                    "BadRequest": error("A query parameter is not valid; the message names it."),
                    "Unauthorized": error("No token, or one that is unknown, expired or revoked.", headers: [
                        "WWW-Authenticate": ["schema": Schema.string, "description": "Bearer"],
                    ]),
                    "Forbidden": error("The token's role does not allow this, or the results are not shown yet."),
                    "NotFound": error("Nothing with this id in the token's partnership."),
                ],
            ],
        ]
    }

    private static let schemas: JSONValue = [
        "Error": Schema.object(["error": Schema.string]),
        "Proportion": ProportionDTO.schema,
        "ReviewList": ReviewListDTO.schema,
        "AreaList": AreaListDTO.schema,
        "Readiness": ReadinessDTO.schema,
        "SurveyList": SurveyListDTO.schema,
        "SurveySummary": SurveySummaryDTO.schema,
        "RecordsSummary": RecordsSummaryDTO.schema,
        "ActionPage": ActionPageDTO.schema,
        "SessionPage": SessionPageDTO.schema,
    ]

    private static var paths: JSONValue {
        let review: JSONValue = ["$ref": "#/components/parameters/reviewID"]
        let survey: JSONValue = ["$ref": "#/components/parameters/surveyID"]
        let paged: [JSONValue] = [review, ["$ref": "#/components/parameters/page"], ["$ref": "#/components/parameters/perPage"]]
        // Links let a client (and schemathesis) go from the list of reviews to each review's answers.
        let reviewLinks = JSONValue.object(["listAreas", "getReadiness", "listSurveys", "getRecords", "listActions", "listSessions"].map { operation in
            (operation, ["operationId": .string(operation), "parameters": [Paths.Param.review: "$response.body#/reviews/0/id"]])
        })
        return .object([
            (Paths.apiOpenAPI.template, openAPIOperation),
            (Paths.apiReviews.template, operation("listReviews", "The partnership's reviews, newest first", schema: "ReviewList", parameters: [],
                                                  links: reviewLinks)),
            (Paths.apiAreas.template, operation("listAreas", "A review's improvement areas with the grades each review gave them",
                                                schema: "AreaList", parameters: [review])),
            (Paths.apiReadiness.template, operation("getReadiness", "Readiness per improvement area: statement, evidence, actions, survey, records, gaps",
                                                    schema: "Readiness", parameters: [review])),
            (Paths.apiSurveys.template, operation("listSurveys", "A review's staff surveys", schema: "SurveyList", parameters: [review],
                                                  links: ["getSurveySummary": ["operationId": "getSurveySummary",
                                                                               "parameters": [Paths.Param.survey: "$response.body#/surveys/0/id"]]])),
            (Paths.apiSurveySummary.template, operation("getSurveySummary", "A survey's results by area and item, with small groups hidden",
                                                        schema: "SurveySummary", parameters: [survey])),
            (Paths.apiRecords.template, operation("getRecords", "Records reading results: agreed grades good or better by area",
                                                  schema: "RecordsSummary", parameters: [review])),
            (Paths.apiActions.template, operation("listActions", "The improvement plan's actions, by number, a page at a time",
                                                  schema: "ActionPage", parameters: paged, paged: true)),
            (Paths.apiSessions.template, operation("listSessions", "Fieldwork sessions, by number, a page at a time",
                                                   schema: "SessionPage", parameters: paged, paged: true)),
        ])
    }

    /// The document itself: no token needed.
    private static let openAPIOperation: JSONValue = ["get": [
        "operationId": "openAPI", "summary": "This document", "security": [],
        "responses": ["200": ["description": "The OpenAPI description", "content": ["application/json": ["schema": ["type": "object"]]]]],
    ]]

    private static func operation(_ id: String, _ summary: String, schema: String, parameters: [JSONValue], paged: Bool = false,
                                  links: JSONValue? = nil) -> JSONValue {
        var ok: [(String, JSONValue)] = [("description", .string(summary)),
                                         ("content", ["application/json": ["schema": Schema.ref(schema)]])]
        if let links { ok.append(("links", links)) }
        var responses: [(String, JSONValue)] = [("200", .object(ok))]
        if paged || parameters.count > 0 { responses.append(("400", ["$ref": "#/components/responses/BadRequest"])) }
        responses += [("401", ["$ref": "#/components/responses/Unauthorized"]), ("403", ["$ref": "#/components/responses/Forbidden"])]
        if !parameters.isEmpty { responses.append(("404", ["$ref": "#/components/responses/NotFound"])) }
        return ["get": ["operationId": .string(id), "summary": .string(summary), "parameters": .array(parameters), "responses": .object(responses)]]
    }

    private static func error(_ description: String, headers: JSONValue? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("description", .string(description)),
                                              ("content", ["application/json": ["schema": Schema.ref("Error")]])]
        if let headers { members.append(("headers", headers)) }
        return .object(members)
    }
}
