using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Hooks
{
    /// <summary>
    /// Invoke-AmoHookReplay's re-signing: the recorded request's token (the <c>token</c> field of a form or JSON body,
    /// else the <c>X-Auth-Token</c> header of an $authorizedAjax call) signed again with the same algorithm and fresh
    /// time claims, every other claim and byte of the request unchanged.
    /// </summary>
    public static class AmoHookReplay
    {
        private static readonly Regex Jwt = new Regex(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant);

        /// <summary>
        /// The request with its token re-signed with <paramref name="secret"/>: iat and nbf <paramref name="now"/>, exp
        /// as far after as it was (30 minutes when that is unknown), each of the number type it had (live tokens carry
        /// floats). AmoHookTokenMissing when the request carries no HS256/HS512 JWT.
        /// </summary>
        public static AmoHookRecording Resign(AmoHookRecording recording, string secret, DateTimeOffset now, out IReadOnlyDictionary<string, object> claims)
        {
            string? token = FindToken(recording, out bool inHeader);
            if (token == null)
            {
                throw new AmoException(ErrorIds.AmoHookTokenMissing, AmoErrorKind.InvalidData,
                    "The recorded request carries no token to sign again: no JWT in a 'token' field of its form or JSON body, nor in an X-Auth-Token header.", recording.Target);
            }

            string[] parts = token.Split('.');
            JObject header;
            JObject payload;
            try
            {
                header = JObject.Parse(Encoding.UTF8.GetString(Base64UrlDecode(parts[0])));
                payload = JObject.Parse(Encoding.UTF8.GetString(Base64UrlDecode(parts[1])));
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidCastException)
            {
                throw new AmoException(ErrorIds.AmoHookTokenMissing, AmoErrorKind.InvalidData, "The recorded request's token is not a readable JWT: " + ex.Message, recording.Target, ex);
            }

            string algorithm = (string?)(header["alg"] as JValue) ?? string.Empty;
            if (algorithm != "HS256" && algorithm != "HS512")
            {
                throw new AmoException(ErrorIds.AmoHookTokenMissing, AmoErrorKind.InvalidData, $"The recorded request's token is signed with '{algorithm}', not HS256 or HS512: it cannot be signed again with a client secret.", recording.Target);
            }

            double lifetime = payload["exp"] is JValue exp && payload["iat"] is JValue iat && exp.Type != JTokenType.String && iat.Type != JTokenType.String
                ? (double)exp - (double)iat
                : AmoSignedHook.TokenLifetime.TotalSeconds;
            long seconds = now.ToUnixTimeSeconds();
            JToken Time(string name, double value) => payload[name]?.Type == JTokenType.Float ? new JValue(value) : new JValue((long)value);
            payload["iat"] = Time("iat", seconds);
            payload["nbf"] = Time("nbf", seconds);
            payload["exp"] = Time("exp", seconds + lifetime);
            string signed = HmacJwt.Sign(payload, secret, algorithm);
            claims = AmoSignedHook.ToDictionary(payload);

            List<KeyValuePair<string, string>> headers = recording.Headers
                .Select(h => inHeader && h.Key.Equals("X-Auth-Token", StringComparison.OrdinalIgnoreCase) ? new KeyValuePair<string, string>(h.Key, signed) : h)
                .ToList();
            byte[] body = recording.Body;
            if (!inHeader)
            {
                // A JWT has only base64url characters and dots, written the same in a form and in JSON: the old token's
                // text is replaced where it stands, every other byte of the body kept.
                body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(token, signed));
            }

            return new AmoHookRecording(recording.Method, recording.Target, headers, body) { Kind = recording.Kind, Time = recording.Time };
        }

        /// <summary>
        /// A form body's fields decoded in the order sent, as the simulators fill <see cref="AmoHookResult.Fields"/>,
        /// so a replay reads alike; a key sent more than once keeps each value, in order. Null when the request is not
        /// a UTF-8 form.
        /// </summary>
        public static System.Collections.Specialized.OrderedDictionary? FormFields(AmoHookRecording recording)
        {
            string? contentType = recording.Header("Content-Type");
            if (contentType == null || !contentType.StartsWith(AmoHookPayload.FormType, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            string? text = AmoHookRecording.Utf8OrNull(recording.Body);
            if (text == null)
            {
                return null;
            }

            var fields = new System.Collections.Specialized.OrderedDictionary(StringComparer.Ordinal);
            foreach (string pair in text.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                string key = WebUtility.UrlDecode(eq < 0 ? pair : pair.Substring(0, eq));
                string value = eq < 0 ? string.Empty : WebUtility.UrlDecode(pair.Substring(eq + 1));
                object? had = fields[key];
                fields[key] = had switch
                {
                    null => value,
                    string one => new[] { one, value },
                    string[] many => many.Concat(new[] { value }).ToArray(),
                    _ => value,
                };
            }

            return fields;
        }

        private static string? FindToken(AmoHookRecording recording, out bool inHeader)
        {
            inHeader = false;
            string text = AmoHookRecording.Utf8OrNull(recording.Body) ?? string.Empty;

            string? contentType = recording.Header("Content-Type");
            string? token = null;
            if (contentType != null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    token = (string?)((JToken.Parse(text) as JObject)?["token"] as JValue);
                }
                catch (JsonException)
                {
                }
            }
            else if (text.Length > 0)
            {
                foreach (string pair in text.Split('&'))
                {
                    int eq = pair.IndexOf('=');
                    if (eq > 0 && WebUtility.UrlDecode(pair.Substring(0, eq)) == "token")
                    {
                        token = WebUtility.UrlDecode(pair.Substring(eq + 1));
                        break;
                    }
                }
            }

            if (token != null && Jwt.IsMatch(token))
            {
                return token;
            }

            string? header = recording.Header("X-Auth-Token");
            if (header != null && Jwt.IsMatch(header))
            {
                inHeader = true;
                return header;
            }

            return null;
        }

        private static byte[] Base64UrlDecode(string text)
        {
            string padded = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
        }
    }
}
