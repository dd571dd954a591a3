import FuzzSupport

/// Input: one control byte, then a watch response body (`{"type":"ADDED","object":{…}}\n` lines).
@main
enum FuzzWatch {
    static func main() {
        FuzzDriver.run { data, size in
            WatchBodyCheck.run(FuzzDriver.bytes(data, size))
            return 0
        }
    }
}
