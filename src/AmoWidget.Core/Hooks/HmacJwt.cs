using System;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Hooks
{
    /// <summary>
    /// A JWT signed with an HMAC (RFC 7519, JWS compact form, RFC 7515): base64url(header).base64url(claims).base64url(HMAC).
    /// </summary>
    /// <remarks>
    /// Own code on purpose: signing is one HMAC over two base64url segments, while the JWT libraries would ship three
    /// more assemblies (Microsoft.IdentityModel.*) in the module for it. The tests check every token with
    /// System.IdentityModel.Tokens.Jwt, an implementation independent of this one.
    /// </remarks>
    internal static class HmacJwt
    {
        /// <summary>Signs <paramref name="claims"/> with <paramref name="secret"/> (its UTF-8 bytes are the key); <paramref name="algorithm"/> is HS256 or HS512.</summary>
        public static string Sign(JObject claims, string secret, string algorithm)
        {
            var header = new JObject { ["alg"] = algorithm, ["typ"] = "JWT" };
            string signingInput = Encode(header) + "." + Encode(claims);
            byte[] key = Encoding.UTF8.GetBytes(secret);
            using HMAC hmac = algorithm == "HS512" ? new HMACSHA512(key) : algorithm == "HS256" ? new HMACSHA256(key) : throw new ArgumentOutOfRangeException(nameof(algorithm));
            byte[] signature = hmac.ComputeHash(Encoding.ASCII.GetBytes(signingInput));
            Array.Clear(key, 0, key.Length);
            return signingInput + "." + Base64Url(signature);
        }

        private static string Encode(JObject json) => Base64Url(Encoding.UTF8.GetBytes(json.ToString(Formatting.None)));

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
