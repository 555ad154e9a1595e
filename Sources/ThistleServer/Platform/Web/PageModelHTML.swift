/// A page whose content is drawn by typed Swift code (`HTML`) rather than by a Leaf template.
/// `Request.view` puts it in `LayoutHTML`.
protocol DrawnPage: PageContent {
    func drawContent(into html: inout HTML, page: PageChrome)
}

extension DrawnPage {
    /// No template: `Request.view` draws a typed page itself. The pages whose Leaf template is
    /// kept (`page`, `survey/respond`, `dashboard/show`) name it, for the rendering benchmark and
    /// for RenderingTests, which hold the shared layout and form to those Leaf pages still use.
    static var template: String { "" }
}

extension PageModel: DrawnPage {
    /// The same bytes as `page.leaf` drew.
    func drawContent(into html: inout HTML, page: PageChrome) {
        html.raw("\n")
        if let backLink {
            html.enclosed("<p><a href=\"", backLink.url, "\" class=\"back-link\">Back to ")
            html.text(backLink.label)
            html.raw("</a></p>")
        }
        html.enclosed("\n<h1>", heading, "</h1>\n")
        PageHelpHTML.draw(page, into: &html)
        html.raw("\n")
        if let intro {
            html.enclosed("<p class=\"lead\">", intro, "</p>")
        }
        html.raw("\n")
        if !links.isEmpty {
            html.raw("\n<ul class=\"action-links\">\n  ")
            html.linkItems(links)
            html.raw("\n</ul>\n")
        }
        html.raw("\n")
        for section in sections {
            section.draw(into: &html)
        }
        html.raw("\n")
        if let pagination {
            html.enclosed("\n<nav class=\"pagination\" aria-label=\"Pages\">\n  <p>", pagination.summary, "</p>\n  <ul>\n    ")
            if let previousURL = pagination.previousURL {
                html.enclosed("<li><a href=\"", previousURL, "\" rel=\"prev\">Previous page</a></li>")
            }
            html.raw("\n    ")
            if let nextURL = pagination.nextURL {
                html.enclosed("<li><a href=\"", nextURL, "\" rel=\"next\">Next page</a></li>")
            }
            html.raw("\n  </ul>\n</nav>\n")
        }
        html.raw("\n")
    }
}

extension PageSection {
    fileprivate func draw(into html: inout HTML) {
        html.raw("\n<section class=\"admin-section\"")
        if let id {
            html.enclosed(" id=\"", id, "\"")
        }
        html.raw(">\n  ")
        if let heading {
            html.enclosed("<h2>", heading, "</h2>")
        }
        html.raw("\n  ")
        if let intro {
            html.enclosed("<p>", intro, "</p>")
        }
        html.raw("\n  ")
        if let table {
            html.raw("\n  ")
            if table.hasRows {
                table.draw(hiddenCaption: heading != nil, into: &html)
            } else {
                html.enclosed("\n  <p>", table.emptyText, "</p>\n  ")
            }
            html.raw("\n  ")
        }
        html.raw("\n  ")
        if let form { FormHTML.draw(form, into: &html) }
        html.raw("\n</section>\n")
    }
}

extension TableBlock {
    fileprivate func draw(hiddenCaption: Bool, into html: inout HTML) {
        html.raw("\n  <div class=\"table-wrapper\">\n  <table class=\"table\">\n    <caption")
        html.raw(" class=\"visually-hidden\"", if: hiddenCaption)
        html.enclosed(">", caption, "</caption>\n    <thead><tr>")
        for column in columns {
            html.enclosed("<th scope=\"col\">", column, "</th>")
        }
        html.raw("<th scope=\"col\"><span class=\"visually-hidden\">Actions</span></th>", if: hasActions)
        html.raw("</tr></thead>\n    <tbody>\n      ")
        for row in rows {
            html.raw("\n      <tr>\n        ")
            for cell in row.cells {
                html.raw("<td>")
                if let url = cell.url {
                    html.enclosed("<a href=\"", url, "\">")
                    html.text(cell.text)
                    html.raw("</a>")
                } else if let tag = cell.tag {
                    html.enclosed("<strong class=\"tag tag-", tag, "\">")
                    html.text(cell.text)
                    html.raw("</strong>")
                } else {
                    html.text(cell.text)
                }
                html.raw("</td>")
            }
            html.raw("\n        ")
            if hasActions {
                html.raw("<td class=\"row-actions\">")
                for action in row.actions {
                    html.enclosed("<form method=\"post\" action=\"", action.url, "\" class=\"inline-form\"><input type=\"hidden\" name=\"_csrf\" value=\"")
                    html.text(action.csrfToken)
                    html.raw("\">")
                    for field in action.fields {
                        FormHTML.hiddenInput(field, into: &html)
                    }
                    html.enclosed("<button type=\"submit\" class=\"link-button\">", action.label, "<span class=\"visually-hidden\"> ")
                    html.text(action.context)
                    html.raw("</span></button></form>")
                }
                html.raw("</td>")
            }
            html.raw("\n      </tr>\n      ")
        }
        html.raw("\n    </tbody>\n  </table>\n  </div>\n  ")
    }
}

/// The "Help with this page" link beside a page's heading.
enum PageHelpHTML {
    static func draw(_ page: PageChrome, into html: inout HTML) {
        if let url = page.pageHelpURL {
            html.enclosed("<p class=\"page-help\"><a href=\"", url, "\">Help with this page</a></p>")
        }
        html.raw("\n")
    }
}
