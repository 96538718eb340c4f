using System;
using System.Globalization;
using System.Text;
using Newtonsoft.Json;

namespace AmoWidget.DevLoop
{
    /// <summary>
    /// The script.js of a development ("loader") archive: an AMD module whose only dependency is the widget's real
    /// script on a dev server, and which returns that module, so the widget is uploaded once and every change needs
    /// only a reload of the amo tab (the pattern of the maintained starter kits, such as
    /// https://github.com/kommo-crm/create-kommo-integration). RequireJS loads a dependency that contains a protocol as
    /// a URL, through a script element (https://requirejs.org/docs/api.html), so the script itself needs no CORS; the
    /// query string <c>?v=&lt;version&gt;&amp;t=&lt;build time&gt;</c> makes each archive ask for a URL no cache holds.
    /// A loader fetches code from another host at run time, which the Kommo checklist forbids for published widgets
    /// (https://developers.kommo.com/docs/getting-listed): it is for development only.
    /// </summary>
    public static class AmoDevLoader
    {
        /// <summary>
        /// The URL the loader asks for: <c>&lt;base&gt;/script.js?v=&lt;version&gt;&amp;t=&lt;UTC build time, yyyyMMddHHmmss&gt;</c>.
        /// <paramref name="baseUri"/> is the served folder (with or without a trailing '/'), or a URL of a .js file,
        /// which is then used as it is. Only absolute http and https URLs: anything else is DevLoaderUriInvalid.
        /// </summary>
        public static Uri ScriptUri(Uri baseUri, string? version, DateTimeOffset buildTime)
        {
            Check(baseUri);
            string path = baseUri.AbsolutePath;
            if (!path.EndsWith(".js", StringComparison.OrdinalIgnoreCase))
            {
                path = path.TrimEnd('/') + "/script.js";
            }

            var builder = new UriBuilder(baseUri)
            {
                Path = path,
                Query = "v=" + Uri.EscapeDataString(string.IsNullOrEmpty(version) ? "0" : version) + "&t=" + buildTime.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            };
            return builder.Uri;
        }

        /// <summary>
        /// Refuses a -DevLoader address the loader cannot name: not absolute http(s), or with a query or fragment
        /// (DevLoaderUriInvalid); with a user name or password (DevLoaderUriHasCredentials), which the loader would
        /// write into the archive's script.js for anyone who gets the zip to read. The message of the latter leaves
        /// the user information out.
        /// </summary>
        public static void Check(Uri baseUri)
        {
            if (baseUri.IsAbsoluteUri && !string.IsNullOrEmpty(baseUri.UserInfo))
            {
                string shown = baseUri.Scheme + "://***@" + baseUri.Authority + baseUri.AbsolutePath;
                throw new AmoException(ErrorIds.DevLoaderUriHasCredentials, AmoErrorKind.InvalidArgument,
                    $"-DevLoader '{shown}' holds a user name or password, which the loader would write into the archive's script.js. Give the address without them, such as {baseUri.Scheme}://{baseUri.Authority}{baseUri.AbsolutePath}; the dev server (Start-AmoWidgetServer) needs none.",
                    shown);
            }

            if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
            {
                throw new AmoException(ErrorIds.DevLoaderUriInvalid, AmoErrorKind.InvalidArgument,
                    $"-DevLoader '{baseUri}' is not an absolute http or https URL such as http://127.0.0.1:9000/.", baseUri);
            }

            if (!string.IsNullOrEmpty(baseUri.Query) || !string.IsNullOrEmpty(baseUri.Fragment))
            {
                throw new AmoException(ErrorIds.DevLoaderUriInvalid, AmoErrorKind.InvalidArgument,
                    $"-DevLoader '{baseUri}' has a query or fragment; give the address of the served folder, such as http://127.0.0.1:9000/.", baseUri);
            }
        }

        /// <summary>Whether a browser on an https amo page may load the URL: https, or http on a loopback host (127.0.0.1, localhost; not in Safari: https://github.com/mdn/browser-compat-data, http/mixed-content.json).</summary>
        public static bool IsLoadableFromHttps(Uri uri) =>
            uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

        /// <summary>The loader's text (UTF-8, LF), naming <paramref name="scriptUri"/> as its one dependency.</summary>
        public static string Script(Uri scriptUri)
        {
            string literal = JsonConvert.ToString(scriptUri.AbsoluteUri, '\'');
            var text = new StringBuilder();
            text.Append("// Development loader written by Compress-AmoWidget -DevLoader. It loads the widget's script from\n");
            text.Append("// the dev server (Start-AmoWidgetServer), so a change needs a reload of the amoCRM tab, not an upload.\n");
            text.Append("// Never publish this archive: a published widget may not run code from other hosts.\n");
            text.Append("define([").Append(literal).Append("], function (widget) {\n");
            text.Append("  return widget;\n");
            text.Append("});\n");
            return text.ToString();
        }
    }
}
