using System;
using System.Globalization;
using System.Threading.Tasks;

namespace AmoWidget.TestServer
{
    /// <summary>
    /// dotnet run --project tests/AmoWidget.TestServer -- [--port 5123] [--token text] [--rate 7]
    ///   [--limiter TokenBucket|SlidingWindow|FixedWindow] [--block-after n] [--move-host 127.0.0.2] [--refresh-reuse Strict|UntilSuccessorUsed]
    /// Prints the base URI, the long-lived access token and the OAuth settings, then serves until Ctrl+C.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            var options = new TestServerOptions { Port = 5123, AccessToken = "amowidget-test-token" };
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : string.Empty;
                switch (args[i])
                {
                    case "--port" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int port):
                        options.Port = port;
                        i++;
                        break;
                    case "--token" when value.Length > 0:
                        options.AccessToken = value;
                        i++;
                        break;
                    case "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate):
                        options.RateLimit = rate;
                        i++;
                        break;
                    case "--limiter" when Enum.TryParse(value, true, out LimiterModel limiter):
                        options.Limiter = limiter;
                        i++;
                        break;
                    case "--block-after" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int blockAfter) && blockAfter >= 0:
                        options.BlockAfter = blockAfter;
                        i++;
                        break;
                    case "--move-host" when System.Net.IPAddress.TryParse(value, out System.Net.IPAddress? moveHost) && System.Net.IPAddress.IsLoopback(moveHost):
                        options.MoveHost = value;
                        i++;
                        break;
                    case "--refresh-reuse" when Enum.TryParse(value, true, out RefreshTokenReuse reuse):
                        options.RefreshTokenReuse = reuse;
                        i++;
                        break;
                    default:
                        Console.Error.WriteLine("usage: AmoWidget.TestServer [--port 5123] [--token text] [--rate 7] [--limiter TokenBucket|SlidingWindow|FixedWindow] [--block-after n] [--move-host 127.0.0.2] [--refresh-reuse Strict|UntilSuccessorUsed]");
                        return 2;
                }
            }

            await using AmoTestServer server = await AmoTestServer.StartAsync(options).ConfigureAwait(false);
            Console.Out.WriteLine("AmoWidget test server (amoCRM API v4 stand-in; Ctrl+C stops it)");
            Console.Out.WriteLine("BaseUri:           " + server.BaseUri.ToString().TrimEnd('/'));
            Console.Out.WriteLine("AccessToken:       " + server.AccessToken);
            Console.Out.WriteLine("ClientId:          " + options.ClientId);
            Console.Out.WriteLine("ClientSecret:      " + options.ClientSecret);
            Console.Out.WriteLine("RedirectUri:       " + options.RedirectUri);
            Console.Out.WriteLine("AuthorizationCode: " + server.State.IssueAuthorizationCode() + "  (more: POST " + server.BaseUri + "_test/authorization-code)");
            Console.Out.WriteLine("RateLimit:         " + options.RateLimit.ToString(CultureInfo.InvariantCulture) + " requests a second (" + options.Limiter
                + (options.BlockAfter > 0 ? ", the IP is blocked after " + options.BlockAfter.ToString(CultureInfo.InvariantCulture) + " 429s" : string.Empty) + ")");
            if (options.MoveHost != null)
            {
                Console.Out.WriteLine("MoveHost:          " + options.MoveHost + "  (POST " + server.BaseUri + "_test/move-account moves the account there)");
            }

            Console.Out.Flush();
            await server.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
    }
}
