using System.Collections.Generic;

namespace AmoWidget.Json
{
    /// <summary>Nodes made in memory with a chosen layout.</summary>
    public static class JsonFactory
    {
        /// <summary>An array written on one line, as manifests write "locale": ["ru", "en"].</summary>
        public static JsonArray InlineArray(IEnumerable<JsonNode> items)
        {
            var array = new JsonArray { Layout = new ContainerLayout { Multiline = false } };
            foreach (JsonNode item in items)
            {
                array.Add(item);
            }

            return array;
        }
    }
}
