import Foundation
import ZIPFoundation

/// ZIP files made and read in memory: .docx documents and submission packs are written with
/// it, and uploaded Office files (ZIP containers) are looked inside before they are stored.
public enum ZipContainer {
    public struct File: Sendable, Equatable {
        public let path: String
        public let data: Data

        public init(path: String, data: Data) {
            self.path = path
            self.data = data
        }
    }

    /// Every entry carries this date, so the same files always give the same bytes.
    static let fixedDate = Date(timeIntervalSince1970: 315_532_800) // 1980-01-01, the ZIP epoch

    /// A ZIP of `files` in the order given, deflated, with fixed dates and permissions:
    /// the same files give a byte-identical archive.
    public static func make(_ files: [File]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for file in files {
            try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(file.data.count),
                                 modificationDate: fixedDate, permissions: 0o644, compressionMethod: .deflate) { position, size in
                file.data.subdata(in: Int(position)..<min(Int(position) + size, file.data.count))
            }
        }
        guard let data = archive.data else { throw ZipContainerError.notWritten }
        return data
    }

    /// Reads every entry of an archive in full (for tests and for reading packs back).
    public static func files(in data: Data) throws -> [File] {
        let archive = try Archive(data: data, accessMode: .read)
        return try archive.map { entry in
            var contents = Data()
            _ = try archive.extract(entry) { contents.append($0) }
            return File(path: entry.path, data: contents)
        }
    }

    /// What an uploaded ZIP container holds, checked against `limits` by really expanding
    /// it (a bomb can lie about its sizes in its headers): the entry names, or the problem.
    public static func inspect(_ data: Data, limits: ArchiveLimits) -> Result<[String], ArchiveProblem> {
        guard let archive = try? Archive(data: data, accessMode: .read) else {
            return .failure(ArchiveProblem("The file looks like an Office file but is damaged: it cannot be opened"))
        }
        var names: [String] = []
        var declared: [ArchiveLimits.Entry] = []
        for entry in archive {
            names.append(entry.path)
            declared.append(ArchiveLimits.Entry(compressed: Int(clamping: entry.compressedSize), uncompressed: Int(clamping: entry.uncompressedSize)))
            if names.count > limits.maximumEntries { break }
        }
        if let problem = limits.problem(entries: declared, archiveBytes: data.count) {
            return .failure(ArchiveProblem(problem))
        }
        var expanded = 0
        let ceiling = min(limits.maximumExpandedBytes, Int(Double(data.count) * limits.maximumRatio))
        for entry in archive {
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    expanded += chunk.count
                    if expanded > ceiling { throw ZipContainerError.expandsTooFar }
                }
            } catch ZipContainerError.expandsTooFar {
                return .failure(ArchiveProblem("The file expands to far more than its size: it may be an archive bomb"))
            } catch {
                return .failure(ArchiveProblem("The file looks like an Office file but is damaged: a part of it cannot be read"))
            }
        }
        return .success(names)
    }
}

public struct ArchiveProblem: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

enum ZipContainerError: Error {
    case notWritten
    case expandsTooFar
}
