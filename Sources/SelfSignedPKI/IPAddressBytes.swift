#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Textual IPv4/IPv6 addresses to the network-order bytes an X.509 `iPAddress` name holds.
enum IPAddressBytes {
    static func parse(_ text: String) throws(PKIError) -> [UInt8] {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        throw PKIError("not an IP address: \(text)")
    }
}
