using System;
using System.Text;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Api
{
    /// <summary>
    /// The claims of an amoCRM / Kommo token, which is a JWT (header.payload.signature, each base64url): exp (when it
    /// expires, in Unix seconds) and api_domain (the host that answers the account-subdomain lookup) are read from it
    /// (api_domain: https://www.amocrm.ru/developers/content/oauth/account-subdomain-info; exp, as the official SDK
    /// reads it: https://github.com/amocrm/amocrm-api-php). The signature is not checked: the claims only
    /// word a message and name a host that is itself checked (AmoEndpoint.OnSamePlatform), so a JWT library would
    /// add a dependency for a base64 decode.
    /// </summary>
    internal static class JwtClaims
    {
        /// <summary>The payload object, or null when the token is not a JWT.</summary>
        public static JObject? Read(Secret? token)
        {
            if (token == null)
            {
                return null;
            }

            string[] parts = token.Reveal().Split('.');
            if (parts.Length != 3 || parts[1].Length == 0)
            {
                return null;
            }

            try
            {
                string payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
                return ApiJson.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))) as JObject;
            }
            catch (Exception ex) when (ex is FormatException || ex is Newtonsoft.Json.JsonException || ex is ArgumentException)
            {
                return null;
            }
        }

        /// <summary>The exp claim as a time, or null.</summary>
        public static DateTimeOffset? ExpiresAt(Secret? token)
        {
            long? exp = ApiJson.Long(Read(token), "exp");
            return exp == null ? null : DateTimeOffset.FromUnixTimeSeconds(exp.Value);
        }

        /// <summary>The api_domain claim (e.g. api-b.amocrm.ru), or null; tokens issued before 2024-08-21 lack it.</summary>
        public static string? ApiDomain(Secret? token) => ApiJson.String(Read(token), "api_domain");
    }
}
