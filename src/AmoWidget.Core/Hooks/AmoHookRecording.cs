using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget
{
    /// <summary>
    /// One HTTP request as a file: what Start-AmoHookRecorder keeps of every request it gets, what the simulators'
    /// -SaveRequest writes, what Invoke-AmoHookReplay sends again. JSON, one object:
    /// <c>{"format":"amowidget-hook-request/1","time":"…","kind":"SalesbotRequest","method":"POST","target":"/hook?k=1",
    /// "headers":{"Content-Type":"…"},"body":"…"}</c>; a body that is not UTF-8 text is <c>"bodyBase64"</c> instead.
    /// </summary>
    public sealed class AmoHookRecording
    {
        public const string FormatName = "amowidget-hook-request/1";

        /// <summary>The largest file read back: 16 MB, far above any request the platform sends (the recorder keeps at most 8 MB of a body).</summary>
        public const int MaxFileBytes = 16 * 1024 * 1024;

        /// <summary>The headers a replay does not send again: the connection's own, which the new connection writes itself.</summary>
        private static readonly HashSet<string> HopHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Host", "Content-Length", "Connection", "Transfer-Encoding", "Expect", "Keep-Alive", "Upgrade", "TE", "Proxy-Connection",
        };

        /// <summary>Whether a replay leaves <paramref name="name"/> to the new connection.</summary>
        public static bool IsHopHeader(string name) => HopHeaders.Contains(name);

        public AmoHookRecording(string method, string target, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
        {
            Method = method;
            Target = target;
            Headers = headers;
            Body = body;
        }

        public DateTimeOffset Time { get; set; } = DateTimeOffset.UtcNow;

        /// <summary>SalesbotRequest, SmsRequest, DpWebhook, InstallWebhook for a simulator's request; null for a recorded one.</summary>
        public string? Kind { get; set; }

        public string Method { get; }

        /// <summary>The path and query the request was sent to.</summary>
        public string Target { get; }

        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

        public byte[] Body { get; }

        /// <summary>The first header named <paramref name="name"/>, any case; null when absent.</summary>
        public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        public byte[] ToBytes()
        {
            var json = new JObject
            {
                ["format"] = FormatName,
                ["time"] = Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            };
            if (Kind != null)
            {
                json["kind"] = Kind;
            }

            json["method"] = Method;
            json["target"] = Target;
            var headers = new JObject();
            foreach (KeyValuePair<string, string> header in Headers)
            {
                // A repeated header keeps its values joined, as RFC 9110 §5.3 allows for list headers.
                headers[header.Key] = headers[header.Key] is JValue seen ? (string)seen! + ", " + header.Value : header.Value;
            }

            json["headers"] = headers;
            string? text = Utf8OrNull(Body);
            if (text != null)
            {
                json["body"] = text;
            }
            else
            {
                json["bodyBase64"] = Convert.ToBase64String(Body);
            }

            return new UTF8Encoding(false).GetBytes(json.ToString(Formatting.Indented) + "\n");
        }

        /// <summary>Writes the file atomically; AmoHookRecordingWriteFailed when it cannot be written.</summary>
        public void Save(string path) => AtomicFile.WriteAllBytes(path, ToBytes(), ErrorIds.AmoHookRecordingWriteFailed);

        /// <summary>Reads a request file; AmoHookRecordingInvalid (with the file's name) when it is not one.</summary>
        public static AmoHookRecording Load(string path)
        {
            byte[] bytes;
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    throw new AmoException(ErrorIds.PathNotFound, AmoErrorKind.ObjectNotFound, $"No request file at '{path}'.", path);
                }

                if (info.Length > MaxFileBytes)
                {
                    throw Invalid(path, $"it has {info.Length} bytes, more than the {MaxFileBytes} a request file may have.");
                }

                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw new AmoException(ErrorIds.FileUnreadable, AmoErrorKind.ReadError, $"Cannot read '{path}': {ex.Message}", path, ex);
            }

            int bad = Utf8Bytes.FirstInvalid(bytes);
            if (bad >= 0)
            {
                throw Invalid(path, $"it is not UTF-8 text (byte 0x{bytes[bad]:X2} at offset {bad}).");
            }

            string fileText = new UTF8Encoding(false).GetString(bytes);

            JObject json;
            try
            {
                using var reader = new JsonTextReader(new StringReader(fileText)) { DateParseHandling = DateParseHandling.None, MaxDepth = 16 };
                json = JObject.Load(reader);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidCastException)
            {
                throw Invalid(path, "it is not a JSON object: " + ex.Message, ex);
            }

            if ((string?)(json["format"] as JValue) != FormatName)
            {
                throw Invalid(path, $"its \"format\" is not \"{FormatName}\".");
            }

            string method = json["method"] is JValue { Type: JTokenType.String } m && ((string)m!).Length > 0 && ((string)m!).All(c => c > ' ' && c < 127) ? (string)m! : throw Invalid(path, "\"method\" is not an HTTP method.");
            string target = json["target"] is JValue { Type: JTokenType.String } t && ((string)t!).StartsWith("/", StringComparison.Ordinal) ? (string)t! : throw Invalid(path, "\"target\" is not a path starting with '/'.");
            var headers = new List<KeyValuePair<string, string>>();
            if (json["headers"] is JObject given)
            {
                foreach (JProperty header in given.Properties())
                {
                    if (header.Value is not JValue { Type: JTokenType.String } value)
                    {
                        throw Invalid(path, $"header \"{header.Name}\" is not a string.");
                    }

                    headers.Add(new KeyValuePair<string, string>(header.Name, (string)value!));
                }
            }
            else if (json["headers"] != null)
            {
                throw Invalid(path, "\"headers\" is not an object.");
            }

            byte[] body;
            try
            {
                body = json["bodyBase64"] is JValue { Type: JTokenType.String } b64 ? Convert.FromBase64String((string)b64!)
                    : json["body"] is JValue { Type: JTokenType.String } text ? new UTF8Encoding(false).GetBytes((string)text!)
                    : json["body"] == null && json["bodyBase64"] == null ? Array.Empty<byte>()
                    : throw Invalid(path, "\"body\" is not a string.");
            }
            catch (FormatException ex)
            {
                throw Invalid(path, "\"bodyBase64\" is not base64.", ex);
            }

            var recording = new AmoHookRecording(method, target, headers, body) { Kind = (string?)(json["kind"] as JValue) };
            if (json["time"] is JValue { Type: JTokenType.String } time && DateTimeOffset.TryParse((string)time!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
            {
                recording.Time = when;
            }

            return recording;
        }

        private static AmoException Invalid(string path, string why, Exception? inner = null) =>
            new AmoException(ErrorIds.AmoHookRecordingInvalid, AmoErrorKind.InvalidData, $"'{path}' is not a request file: {why}", path, inner)
            {
                RecommendedAction = "Give a file written by Start-AmoHookRecorder or by a Send-Amo* simulator's -SaveRequest.",
            };

        /// <summary>The bytes as UTF-8 text, or null when they are not UTF-8 (a binary body, a form in another encoding).</summary>
        internal static string? Utf8OrNull(byte[] bytes)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }
    }
}
