using System;
using System.Net.Http;
using System.Security;
using System.Text.RegularExpressions;
using AmoWidget.TestServer;

namespace AmoWidget.Tests
{
    public static partial class HelpExamples
    {
        /// <summary>The address and token the help examples use: those of the README's `dotnet run` of the test server.</summary>
        private const string ExampleBaseUri = "http://127.0.0.1:5123";
        private const string ExampleToken = "amowidget-test-token";

        /// <summary>
        /// Starts the test server on 127.0.0.1:5123 (or uses the one already running there, as the README starts it),
        /// connects, and gives the examples $AccessToken, $ClientSecret and a fresh $AuthorizationCode.
        /// </summary>
        static partial void StartApiSetup(ref HelpExampleSetup? setup)
        {
            AmoTestServer? server = null;
            try
            {
                server = AmoTestServer.StartAsync(new TestServerOptions { Port = 5123, AccessToken = ExampleToken }).GetAwaiter().GetResult();
            }
            catch (System.IO.IOException)
            {
                // Port taken: a test server started by hand answers there with the same token.
            }

            setup = new HelpExampleSetup("$null = Connect-AmoAccount -BaseUri " + ExampleBaseUri + " -AccessToken $AccessToken", server);
            setup.Variables["AccessToken"] = Secure(ExampleToken);
            setup.Variables["ClientSecret"] = Secure("amowidget-test-secret");
            setup.Variables["AuthorizationCode"] = Secure(IssueCode());
        }

        private static string IssueCode()
        {
            using var http = new HttpClient();
            string json = http.PostAsync(ExampleBaseUri + "/_test/authorization-code", null).GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult();
            return Regex.Match(json, "\"code\"\\s*:\\s*\"([^\"]+)\"").Groups[1].Value;
        }

        private static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (char c in text)
            {
                s.AppendChar(c);
            }

            return s;
        }
    }
}
