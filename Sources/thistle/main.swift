import Foundation
import NIOCore
import NIOPosix
import ThistleServer

// Swift concurrency runs on the event loops that serve the requests, not on a pool of threads of
// its own beside them: an async handler no longer hops between the two (Benchmarks/RESULTS.md).
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
exit(await ThistleCommandLine.run(CommandLine.arguments))
