/// A shields-style SVG badge: the monitor's name on the left, its health in words on the right
/// (the colour repeats what the words say).
public struct StatusBadge: Sendable, Equatable {
    public var label: String
    public var health: MonitorHealth

    /// Labels longer than this are cut (with an ellipsis).
    static let maxLabelCharacters = 48

    public init(label: String, health: MonitorHealth) {
        self.label = label.count > Self.maxLabelCharacters ? String(label.prefix(Self.maxLabelCharacters - 1)) + "…" : label
        self.health = health
    }

    var color: String {
        switch health {
        case .healthy: "#2e7d32"
        case .unhealthy: "#c62828"
        case .notReady: "#ef6c00"
        case .unknown: "#616161"
        }
    }

    /// Verdana 11px is about 7 px per character; a margin of 6 px on each side.
    static func width(of text: String) -> Int { text.count * 7 + 12 }

    public var svg: String {
        let message = health.badgeText
        let left = Self.width(of: label)
        let right = Self.width(of: message)
        let total = left + right
        let text = Markup.escaped(label)
        let title = "\(text): \(message)"
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(total)" height="20" role="img" aria-label="\(title)">\
            <title>\(title)</title>\
            <rect width="\(left)" height="20" fill="#555"/>\
            <rect x="\(left)" width="\(right)" height="20" fill="\(color)"/>\
            <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">\
            <text x="\(left / 2)" y="14">\(text)</text>\
            <text x="\(left + right / 2)" y="14">\(message)</text>\
            </g></svg>

            """
    }
}

/// Escaping of text placed in HTML or XML markup.
enum Markup {
    /// `text` with `& < > " '` replaced by character references.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
