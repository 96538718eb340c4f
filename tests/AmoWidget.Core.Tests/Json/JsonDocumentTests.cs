using System.IO;
using System.Linq;
using System.Text;
using AmoWidget.Json;
using Xunit;

namespace AmoWidget.Tests.Json
{
    public sealed class JsonDocumentTests
    {
        [Theory]
        [InlineData("{\n  \"a\": 1,\n  \"b\": [1, 2]\n}\n")]
        [InlineData("{\r\n    \"b\": \"x\",\r\n    \"a\": {}\r\n}")]
        [InlineData("{\n\t\"a\": \"\\u0444\u0444\",\n\t\"n\": -1.5e3\n}\n\n")]
        [InlineData("  {\"min\":true,\"x\":null}  ")]
        [InlineData("[]")]
        public void UnchangedDocumentWritesTheSameText(string text)
        {
            Assert.Equal(text, JsonDocument.Parse(text).ToJson());
        }

        [Fact]
        public void ByteOrderMarkIsReadAndNotWrittenBack()
        {
            byte[] bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"a\": 1}\n")).ToArray();
            JsonDocument doc = JsonDocument.Parse(bytes);
            Assert.True(doc.HadBom);
            Assert.Equal(Encoding.UTF8.GetBytes("{\"a\": 1}\n"), doc.ToUtf8Bytes());
        }

        [Fact]
        public void AnEditRewritesOnlyTheChangedContainerInItsOwnStyle()
        {
            string text = "{\n    \"widget\": {\n        \"name\": \"widget.name\",\n        \"locale\": [\"ru\"]\n    },\n    \"locations\": [\n        \"lcard-1\"\n    ],\n    \"zeta\":  {\"keep\" : \"as is\"}\n}\n";
            JsonDocument doc = JsonDocument.Parse(text);
            var locations = (JsonArray)((JsonObject)doc.Root)["locations"]!;
            locations.Add(JsonValue.String("settings"));
            var locale = (JsonArray)((JsonObject)((JsonObject)doc.Root)["widget"]!)["locale"]!;
            locale.Add(JsonValue.String("en"));
            string expected = "{\n    \"widget\": {\n        \"name\": \"widget.name\",\n        \"locale\": [\"ru\", \"en\"]\n    },\n    \"locations\": [\n        \"lcard-1\",\n        \"settings\"\n    ],\n    \"zeta\":  {\"keep\" : \"as is\"}\n}\n";
            Assert.Equal(expected, doc.ToJson());
        }

        [Fact]
        public void MembersKeepTheirOwnIrregularIndentationWhenTheirObjectChanges()
        {
            string text = "{\n    \"a\": 1,\n        \"b\": [\n 1\n ]\n}";
            JsonDocument doc = JsonDocument.Parse(text);
            ((JsonObject)doc.Root)["c"] = JsonValue.Boolean(true);
            Assert.Equal("{\n    \"a\": 1,\n        \"b\": [\n 1\n ],\n        \"c\": true\n}", doc.ToJson());
        }

        [Theory]
        [InlineData("[\n  \"a\",\n  \"b\"\n]", 1, "[\n  \"a\"\n]")]
        [InlineData("[\n  \"a\",\n  \"b\"\n]", 0, "[\n  \"b\"\n]")]
        [InlineData("[\"a\", \"b\"]", 0, "[\"b\"]")]
        [InlineData("[ \"a\",\"b\" ]", 1, "[ \"a\" ]")]
        public void RemovingAnItemKeepsTheLayoutOfTheRest(string text, int index, string expected)
        {
            JsonDocument doc = JsonDocument.Parse(text);
            ((JsonArray)doc.Root).RemoveAt(index);
            Assert.Equal(expected, doc.ToJson());
        }

        [Fact]
        public void NewContainersUseTheDocumentsIndentAndLineEnding()
        {
            string text = "{\r\n\t\"a\": 1\r\n}";
            JsonDocument doc = JsonDocument.Parse(text);
            var dp = new JsonObject();
            dp.Add("webhook_url", JsonValue.String("https://example.com/дп"));
            ((JsonObject)doc.Root)["dp"] = dp;
            Assert.Equal("{\r\n\t\"a\": 1,\r\n\t\"dp\": {\r\n\t\t\"webhook_url\": \"https://example.com/дп\"\r\n\t}\r\n}", doc.ToJson());
        }

        [Fact]
        public void DuplicateKeysAreKeptAndListed()
        {
            JsonDocument doc = JsonDocument.Parse("{\"a\": 1, \"a\": 2, \"b\": 3}");
            var root = (JsonObject)doc.Root;
            Assert.Equal(3, root.Count);
            Assert.Equal((object)2L, ((JsonValue)root["a"]!).Value);
            JsonProperty dup = Assert.Single(doc.DuplicateKeys);
            Assert.Equal(1, dup.Line);
            Assert.Equal(10, dup.Column);
            root["b"] = JsonValue.Number(4);
            Assert.Equal("{\"a\": 1, \"a\": 2, \"b\": 4}", doc.ToJson());
        }

        [Theory]
        [InlineData("{\n  \"a\": 1,\n}", 3, 1, "trailing comma")]
        [InlineData("{\n  \"a\": 'x'\n}", 2, 8, "double quotes")]
        [InlineData("{\n  // note\n  \"a\": 1\n}", 2, 3, "Comments")]
        [InlineData("{\"a\": \"open\n}", 1, 12, "Unterminated")]
        [InlineData("{\"a\" 1}", 1, 6, "':' was expected")]
        [InlineData("", 1, 1, "empty")]
        [InlineData("{} {}", 1, 4, "after the end")]
        [InlineData("{\"a\": 01}", 1, 7, "leading zero")]
        public void InvalidJsonNamesLineAndColumn(string text, int line, int column, string reason)
        {
            JsonParseException ex = Assert.Throws<JsonParseException>(() => JsonDocument.Parse(text));
            Assert.Equal((line, column), (ex.Line, ex.Column));
            Assert.Contains(reason, ex.Message, System.StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void InvalidUtf8IsAParseErrorWithItsPlace()
        {
            byte[] bytes = Encoding.UTF8.GetBytes("{\n  \"a\": \"x").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"\n}")).ToArray();
            JsonParseException ex = Assert.Throws<JsonParseException>(() => JsonDocument.Parse(bytes));
            Assert.Equal((2, 10), (ex.Line, ex.Column));
            Assert.Contains("UTF-8 (byte 0xC3)", ex.Message);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(3)]
        [InlineData(5000)]
        public void InvalidUtf8IsNamedAtTheSameByteWhereverItIs(int before)
        {
            // A long run of valid text before the bad byte: the decoder's buffer boundaries differ between runtimes.
            byte[] bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("[\"" + new string('\u00E9', before)))
                .Concat(new byte[] { 0xE2, 0x82 }).Concat(Encoding.UTF8.GetBytes("\"]")).ToArray();
            JsonParseException ex = Assert.Throws<JsonParseException>(() => JsonDocument.Parse(bytes));
            Assert.Equal((1, 3 + before), (ex.Line, ex.Column));
            Assert.Contains("byte 0xE2", ex.Message);
        }

        [Fact]
        public void PointersResolveToTheirNodesAndPositions()
        {
            JsonDocument doc = JsonDocument.Parse("{\n  \"a/b\": [\n    {\"~k\": true}\n  ]\n}");
            JsonNode node = doc.Resolve("/a~1b/0/~0k")!;
            Assert.Equal(true, ((JsonValue)node).Value);
            Assert.Equal("/a~1b/0/~0k", node.Pointer);
            Assert.Equal((3, 12), (node.Line, node.Column));
            Assert.Null(doc.Resolve("/a~1b/1"));
            Assert.Same(doc.Root, doc.Resolve(string.Empty));
        }

        [Fact]
        public void NestingDepthIsBounded()
        {
            string deep = new string('[', 5000) + new string(']', 5000);
            Assert.Throws<JsonParseException>(() => JsonDocument.Parse(deep));
        }

        [Fact]
        public void NewStringsEscapeOnlyWhatJsonRequires()
        {
            Assert.Equal("\"Привет \\\"мир\\\"\\n/\"", JsonValue.String("Привет \"мир\"\n/").RawText);
        }

        [CorpusFact]
        public void EveryCorpusManifestRoundTripsToIdenticalBytes()
        {
            int roundTripped = 0;
            foreach (string file in Directory.GetFiles(Repo.Corpus!, "manifest.json", SearchOption.AllDirectories))
            {
                byte[] bytes = File.ReadAllBytes(file);
                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(bytes);
                }
                catch (JsonParseException)
                {
                    continue;
                }

                if (doc.HadBom)
                {
                    Assert.Equal(bytes.Skip(3).ToArray(), doc.ToUtf8Bytes());
                    continue;
                }

                Assert.True(bytes.SequenceEqual(doc.ToUtf8Bytes()), "Round trip changed " + file);
                roundTripped++;
            }

            Assert.True(roundTripped >= 80, $"Only {roundTripped} corpus manifests were valid JSON without BOM.");
        }
    }
}
