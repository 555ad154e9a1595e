import ThistleCore
import Vapor

extension Request {
    /// The client's address: the TCP peer, or, when the peer is one of `THISTLE_TRUSTED_PROXIES`,
    /// the client those proxies name in X-Forwarded-For (`ClientAddress`).
    var clientAddress: String {
        ClientAddress.resolve(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor],
                              trusted: application.thistle.trustedProxies)
    }
}
