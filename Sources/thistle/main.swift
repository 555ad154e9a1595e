import Foundation
import ThistleServer

exit(await ThistleCommandLine.run(CommandLine.arguments))
