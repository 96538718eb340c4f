using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.IO;
using AmoWidget.Json;

namespace AmoWidget
{
    /// <summary>
    /// One manifest.json, edited in memory. Reading is lenient (a value of the wrong type reads as null, and
    /// validation reports it); writing goes through the document, which keeps everything it does not change.
    /// </summary>
    public sealed class AmoManifest
    {
        /// <summary>Largest manifest.json read (a real one is a few KB; this refuses a runaway file or zip entry).</summary>
        public const int MaxManifestBytes = AmoReadLimits.ManifestBytes;

        /// <summary>The manifest's name at the widget root.</summary>
        public const string FileName = "manifest.json";

        private readonly WidgetTexts? texts;

        private AmoManifest(JsonDocument document, string? path, string? archivePath, string? archiveEntry, WidgetTexts? texts = null)
        {
            Document = document;
            Path = path;
            ArchivePath = archivePath;
            ArchiveEntry = archiveEntry;
            this.texts = texts ?? (path != null ? WidgetTexts.ForFile(path) : null);
        }

        public JsonDocument Document { get; }

        /// <summary>The manifest.json it was read from (and is exported to by default), or null.</summary>
        public string? Path { get; set; }

        /// <summary>The widget .zip it was read from, or null. A manifest read from a zip is exported only to an explicit path.</summary>
        public string? ArchivePath { get; }

        /// <summary>The manifest's entry name inside <see cref="ArchivePath"/>, e.g. <c>manifest.json</c> or <c>widget/manifest.json</c>.</summary>
        public string? ArchiveEntry { get; }

        public JsonObject Root => Document.Root as JsonObject
            ?? throw new AmoException(ErrorIds.ManifestShapeInvalid, AmoErrorKind.InvalidData, $"{Describe()}: the manifest is not a JSON object.", Path);

        public string? Name
        {
            get => WidgetString("name");
            set => SetWidget("name", value);
        }

        /// <summary>
        /// The widget's name as its users read it: the text that <see cref="Name"/> (an i18n key such as widget.name)
        /// has in i18n/&lt;lang&gt;.json beside the manifest it was read from (a widget folder, a manifest.json on disk,
        /// or a widget .zip), taken from the first language of <see cref="Locale"/>, in order, whose file has the key
        /// as a string. Otherwise <see cref="Name"/> itself: a manifest made in memory, a plain-text name, or no file
        /// with the key. The files are read on first use and kept for the life of the object; an unreadable one counts
        /// as lacking the key. Source: https://developers.kommo.com/docs/i18n.
        /// </summary>
        public string? DisplayName => Name is string key && texts != null ? texts.Find(Locale, key) ?? key : Name;

        public string? Description
        {
            get => WidgetString("description");
            set => SetWidget("description", value);
        }

        public string? ShortDescription
        {
            get => WidgetString("short_description");
            set => SetWidget("short_description", value);
        }

        public string? Version
        {
            get => WidgetString("version");
            set => SetWidget("version", value);
        }

        public int? InterfaceVersion => Widget?["interface_version"] is JsonValue { Value: long v } ? (int)v : (int?)null;

        /// <summary>widget.init_once; null when absent or not a boolean (such as "Y").</summary>
        public bool? InitOnce
        {
            get => Widget?["init_once"] is JsonValue { Value: bool b } ? b : (bool?)null;
            set => SetWidget("init_once", value);
        }

        /// <summary>widget.installation; null when absent or not a boolean.</summary>
        public bool? Installation
        {
            get => Widget?["installation"] is JsonValue { Value: bool b } ? b : (bool?)null;
            set => SetWidget("installation", value);
        }

        /// <summary>widget.locale, the strings of it.</summary>
        public string[] Locale
        {
            get => Widget?["locale"] is JsonArray a ? a.Items.OfType<JsonValue>().Select(v => v.AsString()).OfType<string>().ToArray() : Array.Empty<string>();
            set
            {
                JsonObject widget = EnsureObject(Root, "widget");
                if (widget["locale"] is JsonArray existing)
                {
                    ReplaceItems(existing, value);
                }
                else
                {
                    var array = JsonFactory.InlineArray(value.Select(JsonValue.String));
                    widget["locale"] = array;
                }
            }
        }

        public string? SupportLink => (Widget?["support"] as JsonObject)?["link"] is JsonValue v ? v.AsString() : null;

        public string? SupportEmail => (Widget?["support"] as JsonObject)?["email"] is JsonValue v ? v.AsString() : null;

        /// <summary>The entries of "locations" that are strings, in order.</summary>
        public AmoLocation[] Locations
        {
            get
            {
                if (Root["locations"] is not JsonArray array)
                {
                    return Array.Empty<AmoLocation>();
                }

                var result = new List<AmoLocation>();
                for (int i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue { Value: string s })
                    {
                        result.Add(AmoLocation.FromValue(s, i));
                    }
                }

                return result.ToArray();
            }
        }

        internal JsonObject? Widget => Document.Root is JsonObject root ? root["widget"] as JsonObject : null;

        public static AmoManifest Parse(string text, string? path = null) => FromDocument(() => JsonDocument.Parse(text), path, null, null);

        public static AmoManifest Parse(byte[] utf8, string? path = null) => FromDocument(() => JsonDocument.Parse(utf8), path, null, null);

        /// <summary>A manifest made in memory from a root object.</summary>
        public static AmoManifest Create(JsonObject root) => new AmoManifest(JsonDocument.Create(root), null, null, null);

        public string ToJson() => Document.ToJson();

        /// <summary>
        /// The document as UTF-8 without BOM. Text that UTF-8 cannot encode (a lone UTF-16 surrogate, put in through a
        /// property rather than an edit cmdlet, which refuses it) is AmoException ManifestTextInvalid (InvalidData),
        /// naming its line and column in the JSON text, so that no file is half written or silently changed.
        /// </summary>
        public byte[] ToUtf8Bytes()
        {
            string json = ToJson();
            int bad = TextChecks.IndexOfLoneSurrogate(json);
            if (bad >= 0)
            {
                int lineStart = json.LastIndexOf('\n', bad) + 1;
                int line = 1;
                for (int i = 0; i < lineStart; i++)
                {
                    line += json[i] == '\n' ? 1 : 0;
                }

                throw new AmoException(ErrorIds.ManifestTextInvalid, AmoErrorKind.InvalidData,
                    $"the manifest holds a lone surrogate (U+{(int)json[bad]:X4}) at line {line}, column {bad - lineStart + 1} of its JSON text, " +
                    "which is not Unicode text: UTF-8 cannot encode it.", Path)
                { RecommendedAction = "Set that value again with valid text (Set-AmoManifest and the other edit cmdlets check it)." };
            }

            return new UTF8Encoding(false).GetBytes(json);
        }

        /// <summary>
        /// The manifest's JSON, with U+2028, U+2029 and NEL (U+0085), which JSON strings may hold raw but some log
        /// readers take as line breaks, written as \u escapes (the same string to a JSON reader). JSON holds no other
        /// raw control character, so no line of it can start as a CI workflow command.
        /// </summary>
        public override string ToString() => ToJson().Replace("\u2028", "\\u2028").Replace("\u2029", "\\u2029").Replace("\u0085", "\\u0085");

        internal string Describe() => Path ?? (ArchivePath != null ? ArchivePath + "!" + ArchiveEntry : "manifest");

        /// <summary>
        /// The node at <paramref name="key"/> when it is a <typeparamref name="T"/>, null when there is none. Another
        /// kind is ManifestShapeInvalid, as in <see cref="EnsureObject"/>: a removal from a block of the wrong shape
        /// must not read as "was not there" while the key stays.
        /// </summary>
        internal static T? Existing<T>(JsonObject parent, string key)
            where T : JsonNode
        {
            JsonNode? node = parent[key];
            if (node == null || node is T)
            {
                return (T?)node;
            }

            string wanted = typeof(T) == typeof(JsonArray) ? "an array" : "an object";
            throw new AmoException(ErrorIds.ManifestShapeInvalid, AmoErrorKind.InvalidData,
                $"'{key}' at {parent.Pointer}/{JsonPointer.Escape(key)} is {KindWithArticle(node)}, not {wanted}; fix it by hand first.", key);
        }

        /// <summary>"an array", "an object", "a string"...: the node's kind as a message says it.</summary>
        internal static string KindWithArticle(JsonNode node)
        {
            string kind = node.Kind.ToString().ToLowerInvariant();
            return ("aeiou".IndexOf(kind[0]) >= 0 ? "an " : "a ") + kind;
        }

        internal static JsonObject EnsureObject(JsonObject parent, string key)
        {
            JsonNode? node = parent[key];
            if (node is JsonObject existing)
            {
                return existing;
            }

            if (node != null)
            {
                throw new AmoException(ErrorIds.ManifestShapeInvalid, AmoErrorKind.InvalidData,
                    $"'{key}' at {parent.Pointer}/{JsonPointer.Escape(key)} is {KindWithArticle(node)}, not an object; fix it by hand first.", key);
            }

            var created = new JsonObject();
            parent[key] = created;
            return created;
        }

        internal static void ReplaceItems(JsonArray array, IEnumerable<string> values)
        {
            string[] wanted = values.ToArray();
            string?[] current = array.Items.Select(i => (i as JsonValue)?.AsString()).ToArray();
            if (current.SequenceEqual(wanted))
            {
                return;
            }

            while (array.Count > 0)
            {
                array.RemoveAt(array.Count - 1);
            }

            foreach (string v in wanted)
            {
                array.Add(JsonValue.String(v));
            }
        }

        private string? WidgetString(string key) => Widget?[key] is JsonValue v ? v.AsString() : null;

        private void SetWidget(string key, string? value)
        {
            if (value == null)
            {
                return;
            }

            JsonObject widget = EnsureObject(Root, "widget");
            if (widget[key] is JsonValue { Value: string old } && old == value)
            {
                return;
            }

            widget[key] = JsonValue.String(value);
        }

        private void SetWidget(string key, bool? value)
        {
            if (value == null)
            {
                return;
            }

            JsonObject widget = EnsureObject(Root, "widget");
            if (widget[key] is JsonValue { Value: bool old } && old == value.Value)
            {
                return;
            }

            widget[key] = JsonValue.Boolean(value.Value);
        }

        internal static AmoManifest FromDocument(Func<JsonDocument> parse, string? path, string? archivePath, string? archiveEntry, WidgetTexts? texts = null)
        {
            try
            {
                return new AmoManifest(parse(), path, archivePath, archiveEntry, texts);
            }
            catch (JsonParseException ex)
            {
                string where = archivePath != null ? $"{archivePath}!{archiveEntry}" : path ?? "manifest";
                throw new AmoException(ErrorIds.ManifestJsonInvalid, AmoErrorKind.InvalidData, $"{where}:{ex.Line}:{ex.Column}: {ex.Reason}.", archivePath ?? path, ex);
            }
        }

        /// <summary>A manifest.json on disk, read through SafeFile with the manifest cap; its hash is kept for <see cref="ChangedOnDisk"/>.</summary>
        internal static AmoManifest LoadFile(string file)
        {
            byte[] bytes;
            try
            {
                bytes = SafeFile.ReadAll(file, MaxManifestBytes, length => new AmoException(ErrorIds.ManifestTooLarge, AmoErrorKind.LimitsExceeded,
                    $"'{file}' is {length} bytes or more; a manifest.json is at most {MaxManifestBytes} bytes, and nothing was read.", file));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new AmoException(ErrorIds.ManifestUnreadable, AmoErrorKind.ReadError, $"Cannot read '{file}': {ex.Message}", file, ex);
            }

            AmoManifest manifest = FromDocument(() => JsonDocument.Parse(bytes), System.IO.Path.GetFullPath(file), null, null);
            manifest.SourceHash = HashOf(bytes);
            return manifest;
        }

        /// <summary>
        /// The SHA-256 of the bytes of <see cref="Path"/> as this object last read or wrote them, or null for a manifest
        /// made in memory or read from a zip. Export-AmoManifest compares it with the file before replacing it, so an
        /// edit made to the file since (by an editor, or through another object read from it) is not silently lost.
        /// </summary>
        public string? SourceHash { get; set; }

        /// <summary>
        /// Whether <paramref name="file"/>, this manifest's own file, no longer holds the bytes <see cref="SourceHash"/>
        /// records. False when nothing is recorded, or when the file cannot be read now (the write that follows says why).
        /// </summary>
        public bool ChangedOnDisk(string file)
        {
            if (SourceHash == null)
            {
                return false;
            }

            try
            {
                return HashOf(SafeFile.ReadAll(file, MaxManifestBytes, length => new AmoException(ErrorIds.ManifestTooLarge, AmoErrorKind.LimitsExceeded, file, file))) != SourceHash;
            }
            catch (AmoException)
            {
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>The SHA-256 of <paramref name="bytes"/> as lowercase hex.</summary>
        public static string HashOf(byte[] bytes)
        {
            using var sha = System.Security.Cryptography.SHA256.Create();
            return BitConverter.ToString(sha.ComputeHash(bytes)).Replace("-", string.Empty).ToLowerInvariant();
        }
    }
}
