using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Api
{
    /// <summary>
    /// Turns an unsuccessful answer into an AmoException with a stable ErrorId. The body may be
    /// application/problem+json, an nginx HTML page, plain text or nothing: each is read leniently, and only the
    /// server's own title and detail (never a header or a token) go into the message.
    /// </summary>
    internal static class ApiErrors
    {
        private static readonly Regex HtmlTitle = new Regex("<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static readonly Regex Tags = new Regex("<[^>]+>", RegexOptions.CultureInvariant);
        private static readonly Regex Spaces = new Regex("\\s+", RegexOptions.CultureInvariant);

        /// <summary>What the user does about a blocked IP (support unblocks it: https://github.com/amocrm/amocrm-api-php/issues/563).</summary>
        private const string Unblock = "Stop the scripts and integrations that call the API from this IP; if every request keeps getting 403, ask amoCRM / Kommo support to unblock the IP, giving the IP address, the account's subdomain and its account id.";

        /// <param name="unauthorized">What a 401 means for the connection's kind of token; a generic sentence when null.</param>
        public static AmoException FromResponse(string method, string url, int status, string? contentType, string? body, object? target, string? unauthorized = null)
        {
            JObject? problem = TryParseObject(body);
            string summary = Summarize(problem, contentType, body);
            string reason = ReasonOf(status);
            if (reason.Length > 0 && summary.StartsWith(reason, StringComparison.OrdinalIgnoreCase))
            {
                summary = summary.Substring(reason.Length).TrimStart(':', ' ');
            }

            string where = $"{method} {url}: {status} {reason}".TrimEnd();
            string message = summary.Length == 0 ? where + "." : where + ": " + summary;

            if (problem?["validation-errors"] is JArray validation && validation.Count > 0)
            {
                return new AmoException(ErrorIds.AmoApiValidationFailed, AmoErrorKind.InvalidData, message + DescribeValidation(validation), target);
            }

            // The API's own refusals are problem+json; an IP block comes from the proxy in front of it as an nginx page
            // (https://github.com/amocrm/amocrm-api-php/issues/434).
            if (status == 403 && LooksLikeHtml(contentType, body))
            {
                return new AmoException(ErrorIds.AmoApiBlocked, AmoErrorKind.PermissionDenied,
                    message + " The account API allows 7 requests a second per IP, and amoCRM blocks an IP that keeps exceeding it: every request from it is then answered 403 by this page instead of the API. " + Unblock,
                    target)
                {
                    RecommendedAction = Unblock,
                };
            }

            return status switch
            {
                400 => new AmoException(ErrorIds.AmoApiBadRequest, AmoErrorKind.InvalidData, message, target),
                401 => new AmoException(ErrorIds.AmoApiUnauthorized, AmoErrorKind.AuthenticationError,
                    message + " " + (unauthorized ?? "The token is expired, revoked or not valid for this account."), target),
                402 => new AmoException(ErrorIds.AmoApiPaymentRequired, AmoErrorKind.PermissionDenied, message + " The account's subscription has ended.", target),
                403 => new AmoException(ErrorIds.AmoApiForbidden, AmoErrorKind.PermissionDenied,
                    message + " The user has no right for this method (an IP block would answer with an HTML page instead).", target),
                404 => new AmoException(ErrorIds.AmoApiNotFound, AmoErrorKind.ObjectNotFound, message, target),
                405 => new AmoException(ErrorIds.AmoApiMethodNotAllowed, AmoErrorKind.InvalidOperation, message, target),
                422 => new AmoException(ErrorIds.AmoApiValidationFailed, AmoErrorKind.InvalidData, message, target),
                429 => new AmoException(ErrorIds.AmoApiRateLimited, AmoErrorKind.LimitsExceeded, message, target),
                >= 500 => new AmoException(ErrorIds.AmoApiServerError, AmoErrorKind.ResourceUnavailable, message, target),
                _ => new AmoException(ErrorIds.AmoApiRequestFailed, AmoErrorKind.InvalidOperation, message, target),
            };
        }

        /// <summary>
        /// A 3xx, which the client never follows: a redirect would carry the bearer token to the address it names, and
        /// the account API's documented answers are 2xx, 4xx and 5xx, never a redirect
        /// (https://developers.kommo.com/docs/http-codes). The message names the status and the
        /// Location (without user info, clipped, control characters escaped) and what such a redirect usually means.
        /// </summary>
        public static AmoException Redirected(string method, string url, int status, string? location, object? target)
        {
            Uri from = new Uri(url);
            Uri? to = null;
            if (!string.IsNullOrWhiteSpace(location) && Uri.TryCreate(from, location!.Trim(), out Uri? resolved)
                && (resolved.Scheme == Uri.UriSchemeHttp || resolved.Scheme == Uri.UriSchemeHttps))
            {
                to = resolved;
            }

            string where = $"{method} {url}: {status} {ReasonOf(status)}".TrimEnd();
            string shown = to != null ? ShowLocation(to) : string.IsNullOrWhiteSpace(location) ? string.Empty : Clip(Printable(location!.Trim()));
            string redirect = shown.Length == 0 ? where + " without a Location header." : where + ", redirected to " + shown + ".";
            const string NotFollowed = " The redirect was not followed, so the token was not sent there; the account API answers with data, never with a redirect.";
            string meaning;
            string action;
            if (to != null && from.Scheme == Uri.UriSchemeHttp && to.Scheme == Uri.UriSchemeHttps && string.Equals(from.Host, to.Host, StringComparison.OrdinalIgnoreCase))
            {
                string https = "https://" + to.GetComponents(UriComponents.HostAndPort, UriFormat.UriEscaped);
                meaning = $" The address is plain http and the server sends every request to https: connect with -BaseUri {https}.";
                action = $"Connect-AmoAccount -BaseUri {https} (https, not http).";
            }
            else if (to != null && IsLoginPage(to))
            {
                meaning = " This is the platform's login page: the token's user was most likely deactivated or removed from the account (or the account was deleted), so the API sends it to log in. It can also be a wrong host or platform, such as -Platform AmoCrmRu for a Kommo account.";
                action = "Check that the token's user is still active in the account (Settings > Users) and connect with a token of an active user (for OAuth, authorize again); check the subdomain and -Platform.";
            }
            else if (to != null && !string.Equals(from.Host, to.Host, StringComparison.OrdinalIgnoreCase))
            {
                meaning = $" {to.Host} is another host: the connection's address is most likely wrong for the account (a wrong subdomain, or a wrong platform, such as -Platform AmoCrmRu for a Kommo account), or a proxy redirects. A deactivated or removed user's token is also sent to a login page this way.";
                action = "Check the subdomain and -Platform (or -BaseUri) of Connect-AmoAccount, and that the token's user is still active in the account.";
            }
            else
            {
                meaning = " It usually means a deactivated or removed user's token (sent to the login page), a wrong host or platform (such as -Platform AmoCrmRu for a Kommo account), or an http address redirected to https.";
                action = "Check that the token's user is still active in the account, and the subdomain, -Platform (or -BaseUri, with https) of Connect-AmoAccount.";
            }

            return new AmoException(ErrorIds.AmoApiRedirected, AmoErrorKind.ConnectionError, redirect + meaning + NotFollowed, target)
            {
                RecommendedAction = action,
            };
        }

        /// <summary>429s that kept coming although the pace was lowered: stop before amoCRM blocks the IP.</summary>
        public static AmoException TooManyInARow(string method, string url, int count, object? target) =>
            new AmoException(ErrorIds.AmoApiBlocked, AmoErrorKind.PermissionDenied,
                $"{method} {url}: 429 Too Many Requests {count} times in a row, although requests were slowed down: this IP is over the account API's limit of 7 requests a second, which is counted per IP (other scripts or integrations on this IP add up). The command stopped, because amoCRM blocks an IP that keeps exceeding the limit (every request then gets 403). " + Unblock,
                target)
            {
                RecommendedAction = Unblock,
            };

        /// <summary>
        /// The token endpoint's refusals: a reused refresh token, or a used authorization code, is called out, since only a
        /// new authorization helps; <paramref name="refreshGrant"/> tells which of the two was sent.
        /// </summary>
        public static AmoException FromTokenEndpoint(string url, int status, string? contentType, string? body, string? cachePath, bool refreshGrant = true)
        {
            JObject? problem = TryParseObject(body);
            string summary = Summarize(problem, contentType, body);
            string hint = problem?["hint"]?.Type == JTokenType.String ? (string)problem["hint"]! : string.Empty;
            string where = $"POST {url}: {status} {ReasonOf(status)}" + (summary.Length == 0 ? "." : ": " + summary);
            if (hint.IndexOf("revoked", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                string cache = cachePath == null ? string.Empty : $" (token cache {cachePath})";
                return new AmoException(ErrorIds.AmoTokenRevoked, AmoErrorKind.AuthenticationError,
                    where + (refreshGrant ? $" The refresh token{cache}" : " The authorization code") + " was already used or has been revoked. Authorize again: Connect-AmoAccount -AuthorizationCode with a new code.", cachePath)
                {
                    RecommendedAction = "Get a new authorization code from the integration and run Connect-AmoAccount -AuthorizationCode.",
                };
            }

            return new AmoException(ErrorIds.AmoOAuthFailed, AmoErrorKind.AuthenticationError,
                where + " Check the client id, client secret, redirect URI (it must match the integration's exactly) and the code, which lives 20 minutes.", url);
        }

        public static TimeSpan? RetryAfter(string? headerValue, string? body)
        {
            if (!string.IsNullOrWhiteSpace(headerValue))
            {
                if (double.TryParse(headerValue, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
                {
                    return TimeSpan.FromSeconds(seconds);
                }

                if (DateTimeOffset.TryParse(headerValue, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
                {
                    TimeSpan left = when - DateTimeOffset.UtcNow;
                    return left < TimeSpan.Zero ? TimeSpan.Zero : left;
                }
            }

            JToken? value = TryParseObject(body)?["retry_after"];
            if (value != null && (value.Type == JTokenType.Integer || value.Type == JTokenType.Float || value.Type == JTokenType.String)
                && double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double bodySeconds) && bodySeconds >= 0)
            {
                return TimeSpan.FromSeconds(bodySeconds);
            }

            return null;
        }

        public static bool LooksLikeHtml(string? contentType, string? body) =>
            (contentType != null && contentType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0)
            || (body != null && body.TrimStart().StartsWith("<", StringComparison.Ordinal));

        private static string Summarize(JObject? problem, string? contentType, string? body)
        {
            if (problem != null)
            {
                var parts = new List<string>();
                foreach (string key in new[] { "title", "detail", "hint" })
                {
                    if (problem[key] is JValue v && v.Value != null)
                    {
                        string text = v.ToString(CultureInfo.InvariantCulture).Trim();
                        if (text.Length > 0 && !parts.Contains(text))
                        {
                            parts.Add(text);
                        }
                    }
                }

                return string.Join(": ", parts);
            }

            if (string.IsNullOrWhiteSpace(body))
            {
                return string.Empty;
            }

            if (LooksLikeHtml(contentType, body))
            {
                Match title = HtmlTitle.Match(body);
                string text = title.Success ? title.Groups[1].Value : Tags.Replace(body, " ");
                return "the server answered with an HTML page (\"" + Clip(Spaces.Replace(System.Net.WebUtility.HtmlDecode(text), " ").Trim()) + "\")";
            }

            return Clip(Spaces.Replace(body, " ").Trim());
        }

        private const string ValidationPrefix = " Validation errors:";

        private static string DescribeValidation(JArray validation)
        {
            var text = new StringBuilder(ValidationPrefix);
            foreach (JToken request in validation)
            {
                string? requestId = request["request_id"]?.ToString();
                if (request["errors"] is JArray errors)
                {
                    foreach (JToken error in errors)
                    {
                        // One line: an error message is escaped to one line (AmoException), so a list reads best with separators.
                        text.Append(text.Length > ValidationPrefix.Length ? "; " : " ");
                        if (!string.IsNullOrEmpty(requestId))
                        {
                            text.Append("request ").Append(requestId).Append(": ");
                        }

                        text.Append(error["path"]?.ToString() ?? "?").Append(": ").Append(error["detail"]?.ToString() ?? string.Empty);
                        string? code = error["code"]?.ToString();
                        if (!string.IsNullOrEmpty(code))
                        {
                            text.Append(" (").Append(code).Append(')');
                        }
                    }
                }
            }

            return text.ToString();
        }

        internal static JObject? TryParseObject(string? body)
        {
            if (body == null || !body.TrimStart().StartsWith("{", StringComparison.Ordinal))
            {
                return null;
            }

            try
            {
                return ApiJson.Parse(body) as JObject;
            }
            catch (Newtonsoft.Json.JsonException)
            {
                return null;
            }
        }

        /// <summary>A Location as it is safe to print: user info masked, escaped (no control character or space), clipped.</summary>
        private static string ShowLocation(Uri uri)
        {
            string text = uri.AbsoluteUri;
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                text = uri.Scheme + "://***@" + text.Substring(text.IndexOf('@') + 1);
            }

            return Clip(text);
        }

        /// <summary>The platforms' own sites (https://www.amocrm.ru/, https://www.kommo.com/): where a refused session is sent to log in.</summary>
        private static bool IsLoginPage(Uri uri)
        {
            string host = uri.Host.ToLowerInvariant();
            if (host.StartsWith("www.", StringComparison.Ordinal))
            {
                host = host.Substring(4);
            }

            return host == "amocrm.ru" || host == "amocrm.com" || host == "kommo.com"
                || uri.AbsolutePath.IndexOf("login", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        private static string Printable(string text)
        {
            var printable = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                if (c < ' ' || c == '\u007f' || c == '\u2028' || c == '\u2029')
                {
                    printable.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    printable.Append(c);
                }
            }

            return printable.ToString();
        }

        private static string Clip(string text) => text.Length <= 200 ? text : text.Substring(0, 200) + "...";

        private static string ReasonOf(int status) => status switch
        {
            300 => "Multiple Choices",
            301 => "Moved Permanently",
            302 => "Found",
            303 => "See Other",
            304 => "Not Modified",
            307 => "Temporary Redirect",
            308 => "Permanent Redirect",
            400 => "Bad Request",
            401 => "Unauthorized",
            402 => "Payment Required",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            422 => "Unprocessable Entity",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => string.Empty,
        };
    }
}
