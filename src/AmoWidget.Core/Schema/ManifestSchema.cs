using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AmoWidget.Json;

namespace AmoWidget.Schema
{
    /// <summary>
    /// The manifest's JSON Schema (Schema/manifest.schema.json, embedded; the module also ships the file for
    /// editors), compiled once by <see cref="SchemaEvaluator"/>. The rules judge a manifest with it (Validation/Rules/SchemaRules.cs).
    /// </summary>
    internal static class ManifestSchema
    {
        public const string ResourceName = "AmoWidget.Schema.manifest.schema.json";

        private static readonly Lazy<SchemaEvaluator> Compiled = new Lazy<SchemaEvaluator>(Compile, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        private static SchemaEvaluator Compile() => SchemaEvaluator.Compile(Text);

        /// <summary>The schema text as shipped.</summary>
        public static string Text
        {
            get
            {
                using Stream stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream(ResourceName)
                    ?? throw new InvalidOperationException(ResourceName + " is not embedded in AmoWidget.Core.");
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
        }

        /// <summary>The compiled schema, built once per process.</summary>
        public static SchemaEvaluator Schema => Compiled.Value;
    }
}
