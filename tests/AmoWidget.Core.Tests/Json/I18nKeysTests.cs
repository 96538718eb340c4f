using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Json;
using Xunit;

namespace AmoWidget.Tests
{
    /// <summary>
    /// The i18n key lookup (<see cref="I18nKeys.Find"/>, shared by AmoI18nKeyMissing and a manifest's DisplayName) reads
    /// language files with the checker's reader; here it is held to the same lookup over the editor's tree (the
    /// reference below): on the corpus language files and damaged copies of them, every key they hold, keys of the
    /// widget's other languages, and keys that miss at each part name the same value, text, pointer and position, or
    /// miss at the same pointer.
    /// </summary>
    public sealed class I18nKeysTests
    {
        private const int Variations = 2000;

        private static readonly string[] FixedKeys =
        {
            "widget.name", "widget.description", "widget.short_description", "widget.ai_agent_description", "advanced.title",
            "settings.login", "widget", "widget.name.more", "widget..name", "widget.name.", ".widget", ".", string.Empty,
            "a~b.c/d", "settings.api_key.name",
        };

        [CorpusFact]
        public void OnTheCorpusLanguageFilesAndDamagedCopiesBothReadersAgree()
        {
            var random = new Random(2718);
            string[][] widgets = Directory.GetDirectories(Repo.Corpus!).OrderBy(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "i18n"))
                .Where(Directory.Exists)
                .Select(i18n => Directory.GetFiles(i18n, "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText).ToArray())
                .Where(texts => texts.Length > 0)
                .ToArray();
            Assert.NotEmpty(widgets);

            int probed = 0;
            int refused = 0;
            foreach (string[] texts in widgets)
            {
                List<string> keys = WidgetKeys(texts);
                foreach (string text in texts)
                {
                    probed += Probe(Encoding.UTF8.GetBytes(text), keys, ref refused);
                }
            }

            for (int n = 0; n < Variations; n++)
            {
                string[] texts = widgets[random.Next(widgets.Length)];
                byte[] damaged = random.Next(3) == 0
                    ? Encoding.UTF8.GetBytes(Retype(texts[random.Next(texts.Length)], random))
                    : JsonIndexTests.Damage(texts[random.Next(texts.Length)], random);
                probed += Probe(damaged, WidgetKeys(texts), ref refused);
            }

            // The damaged copies reach both sides: many are refused, many are read and probed.
            Assert.InRange(refused, Variations / 10, Variations * 9 / 10);
            Assert.True(probed > 10000, $"only {probed} keys probed");
        }

        [Theory]
        [InlineData("{\"widget.name\":\"Flat\",\"widget\":{\"name\":\"Nested\"}}")]
        [InlineData("{\"widget\":{\"name\":\"first\"},\"widget\":{\"title\":\"last\"}}")]
        [InlineData("{\"widget\":{\"name\":\"a\",\"name\":\"b\"}}")]
        [InlineData("{\"widget\":\"text\"}")]
        [InlineData("{\"widget\":{\"name\":1}}")]
        [InlineData("{\"widget\":{\"name\":null}}")]
        [InlineData("{\"widget\":[{\"name\":\"in a list\"}]}")]
        [InlineData("{\"widget\":{\"name\":{\"more\":\"deeper\"}}}")]
        [InlineData("{\"\":{\"\":\"empty\"},\"a~b\":{\"c/d\":\"escaped\"}}")]
        [InlineData("{\"\\u0077idget\":{\"name\":\"escaped key\"}}")]
        [InlineData("{}")]
        [InlineData("[]")]
        [InlineData("\"text\"")]
        public void OnEdgeCasesBothReadersAgree(string text)
        {
            int refused = 0;
            Assert.True(Probe(Encoding.UTF8.GetBytes(text), new List<string>(), ref refused) > 0 || !text.StartsWith("{", StringComparison.Ordinal));
            Assert.Equal(0, refused);
        }

        /// <summary>The lookup as it reads the editor's tree: the reference the shared lookup is held to.</summary>
        private static JsonNode? TreeFind(JsonObject root, string key, out string? missingPointer)
        {
            missingPointer = null;
            if (root[key] is JsonNode flat)
            {
                return flat;
            }

            JsonNode current = root;
            string pointer = string.Empty;
            foreach (string part in key.Split('.'))
            {
                pointer += "/" + JsonPointer.Escape(part);
                if (current is not JsonObject obj || obj[part] is not JsonNode next)
                {
                    missingPointer = current is JsonObject ? pointer : pointer.Substring(0, pointer.LastIndexOf('/'));
                    return null;
                }

                current = next;
            }

            return current;
        }

        /// <summary>Both readers over one file and every key; the number of keys probed (0 when the file is refused or holds no object).</summary>
        private static int Probe(byte[] utf8, List<string> widgetKeys, ref int refused)
        {
            if (!JsonIndexTests.Agree(utf8))
            {
                refused++;
                return 0;
            }

            JsonDocument tree = JsonDocument.Parse(utf8);
            JsonIndex index = JsonIndex.Parse(utf8);
            try
            {
                Assert.Equal(tree.Root is JsonObject, index.Root.IsObject);
                if (tree.Root is not JsonObject root)
                {
                    return 0;
                }

                var keys = new List<string>(widgetKeys);
                keys.AddRange(FixedKeys);
                Paths(root, string.Empty, keys);
                foreach (string key in keys)
                {
                    JsonNode? expected = TreeFind(root, key, out string? expectedMissing);
                    JsonRef actual = I18nKeys.Find(index.Root.AsObject, key, out string? actualMissing);
                    Assert.True(expected != null == actual.Exists, $"\"{key}\": the tree finds {expected?.Pointer ?? "nothing"}, the index {(actual.Exists ? actual.Pointer : "nothing")}");
                    Assert.Equal(expectedMissing, actualMissing);
                    if (expected != null)
                    {
                        Assert.Equal(expected.Pointer, actual.Pointer);
                        Assert.Equal(expected.Position, actual.Position);
                        Assert.Equal(expected.Kind, actual.Kind);
                        Assert.Equal((expected as JsonValue)?.AsString(), actual.AsString());
                    }
                }

                return keys.Count;
            }
            finally
            {
                index.Release();
            }
        }

        /// <summary>Every dotted key the widget's language files hold (the keys its other languages are probed for).</summary>
        private static List<string> WidgetKeys(string[] texts)
        {
            var keys = new List<string>();
            foreach (string text in texts)
            {
                try
                {
                    if (JsonDocument.Parse(text).Root is JsonObject root)
                    {
                        Paths(root, string.Empty, keys);
                    }
                }
                catch (JsonParseException)
                {
                }
            }

            return keys.Distinct(StringComparer.Ordinal).ToList();
        }

        /// <summary>The dotted key of every member below <paramref name="obj"/>, and for each one that misses at its last part and one past it.</summary>
        private static void Paths(JsonObject obj, string prefix, List<string> keys)
        {
            foreach (JsonProperty property in obj.Properties)
            {
                string key = prefix + property.Key;
                keys.Add(key);
                keys.Add(prefix + property.Key + "_missing");
                keys.Add(key + ".missing");
                if (property.Value is JsonObject nested)
                {
                    Paths(nested, key + ".", keys);
                }
            }
        }

        /// <summary>A copy where one value of a member changes type: a text becomes a group, a number, null or a list, a group a text.</summary>
        private static string Retype(string text, Random random)
        {
            string[] replacements = { "{\"x\": \"y\"}", "1", "null", "[\"a\"]", "\"text\"", "true" };
            int colon = -1;
            for (int tries = 0; tries < 8 && colon < 0; tries++)
            {
                int at = text.IndexOf("\": ", random.Next(Math.Max(1, text.Length)), StringComparison.Ordinal);
                colon = at;
            }

            if (colon < 0)
            {
                return text;
            }

            int start = colon + 3;
            int end = start;
            if (end < text.Length && text[end] == '"')
            {
                end = text.IndexOf('"', end + 1);
                while (end > 0 && text[end - 1] == '\\')
                {
                    end = text.IndexOf('"', end + 1);
                }

                end = end < 0 ? start : end + 1;
            }
            else if (end < text.Length && text[end] == '{')
            {
                // A group: up to its closing brace at the same depth.
                int depth = 0;
                for (; end < text.Length; end++)
                {
                    depth += text[end] == '{' ? 1 : text[end] == '}' ? -1 : 0;
                    if (depth == 0)
                    {
                        end++;
                        break;
                    }
                }
            }

            return text.Substring(0, start) + replacements[random.Next(replacements.Length)] + text.Substring(end);
        }
    }
}
