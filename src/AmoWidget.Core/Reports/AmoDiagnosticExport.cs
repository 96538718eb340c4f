using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AmoWidget
{
    /// <summary>The report formats of Export-AmoDiagnostic.</summary>
    public enum AmoDiagnosticFormat
    {
        Sarif,
        GitHub,
        AzureDevOps,
        JUnit,
    }
}

namespace AmoWidget.Reports
{

    /// <summary>
    /// Findings in the forms CI systems read: SARIF 2.1.0 (GitHub code scanning and other SARIF viewers), GitHub
    /// Actions workflow commands, Azure Pipelines logging commands, and JUnit XML. File names are written relative to
    /// a base folder (the repository root in CI) with '/' separators; a file outside it keeps its full path.
    /// </summary>
    /// <remarks>
    /// SARIF is written with Newtonsoft.Json rather than Microsoft's Sarif.Sdk: the log is a few fixed objects, and the
    /// SDK would add its own dependency tree to the module for it. The tests check the output with the official
    /// validator (Sarif.Multitool validate).
    /// </remarks>
    public static class AmoDiagnosticExport
    {
        public const string SarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";
        private const string SourceRoot = "SRCROOT";
        private static readonly Regex ZipEntry = new Regex(@"^(?<zip>.*?\.zip)!(?<entry>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>Where a finding is, split: the file on disk, relative to the base when inside it ('/' separators), and the zip entry if any.</summary>
        internal readonly struct Place
        {
            public Place(string? file, string? relative, string? entry)
            {
                File = file;
                Relative = relative;
                Entry = entry;
            }

            public string? File { get; }

            public string? Relative { get; }

            public string? Entry { get; }

            /// <summary>The name CI shows: the relative path (or full path) of the file on disk.</summary>
            public string? Display => Relative ?? File?.Replace('\\', '/');
        }

        internal static Place Locate(AmoDiagnostic diagnostic, string basePath)
        {
            if (string.IsNullOrEmpty(diagnostic.File))
            {
                return new Place(null, null, null);
            }

            string file = diagnostic.File!;
            string? entry = null;
            Match zip = ZipEntry.Match(file);
            if (zip.Success)
            {
                file = zip.Groups["zip"].Value;
                entry = zip.Groups["entry"].Value;
            }

            string full = Path.GetFullPath(file);
            string root = Path.GetFullPath(basePath).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            StringComparison comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            string? relative = full.StartsWith(root, comparison) ? full.Substring(root.Length).Replace('\\', '/') : null;
            return new Place(full, relative, entry);
        }

        private static string MessageOf(AmoDiagnostic d, Place place)
        {
            string text = d.Message;
            if (!string.IsNullOrEmpty(d.Suggestion))
            {
                text += " (" + d.Suggestion + ")";
            }

            return place.Entry != null ? place.Entry + ": " + text : text;
        }

        /// <summary>
        /// A SARIF 2.1.0 log with one run: the whole rule catalog as <c>tool.driver.rules</c> (id, descriptions, help URI,
        /// default level), one result per finding with its rule, level (Error error, Warning warning, Information note),
        /// message, and the file as a URI relative to the SRCROOT base (the base folder) with the line and column.
        /// A finding inside a zip names the archive, and the entry in its message.
        /// </summary>
        public static string Sarif(IEnumerable<AmoDiagnostic> diagnostics, string basePath, string toolVersion)
        {
            IReadOnlyList<AmoRuleInfo> catalog = AmoRuleCatalog.All;
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var rules = new JArray();
            foreach (AmoRuleInfo rule in catalog)
            {
                index[rule.Name] = rules.Count;
                rules.Add(Rule(rule.Name, rule.Description, rule.HelpUri, rule.Severity, rule.Area));
            }

            var results = new JArray();
            foreach (AmoDiagnostic d in diagnostics)
            {
                if (!index.TryGetValue(d.RuleName, out int ruleIndex))
                {
                    ruleIndex = rules.Count;
                    index[d.RuleName] = ruleIndex;
                    rules.Add(Rule(d.RuleName, d.Message, d.HelpUri, d.Severity, null));
                }

                Place place = Locate(d, basePath);
                var result = new JObject
                {
                    ["ruleId"] = d.RuleName,
                    ["ruleIndex"] = ruleIndex,
                    ["level"] = Level(d.Severity),
                    ["message"] = new JObject { ["text"] = MessageOf(d, place) },
                };
                if (place.File != null)
                {
                    var artifact = place.Relative != null
                        ? new JObject { ["uri"] = EscapePath(place.Relative), ["uriBaseId"] = SourceRoot }
                        : new JObject { ["uri"] = new Uri(place.File).AbsoluteUri };
                    var physical = new JObject { ["artifactLocation"] = artifact };
                    if (d.Line is int line && line > 0 && place.Entry == null)
                    {
                        var region = new JObject { ["startLine"] = line };
                        if (d.Column is int column && column > 0)
                        {
                            region["startColumn"] = column;
                        }

                        physical["region"] = region;
                    }

                    result["locations"] = new JArray(new JObject { ["physicalLocation"] = physical });
                }

                if (d.Path != null)
                {
                    result["properties"] = new JObject { ["jsonPointer"] = d.Path };
                }

                results.Add(result);
            }

            var driver = new JObject
            {
                ["name"] = "AmoWidget",
                ["version"] = toolVersion,
                ["semanticVersion"] = toolVersion,
                ["rules"] = rules,
            };
            string baseUri = new Uri(Path.GetFullPath(basePath).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar).AbsoluteUri;
            var run = new JObject
            {
                ["tool"] = new JObject { ["driver"] = driver },
                ["originalUriBaseIds"] = new JObject { [SourceRoot] = new JObject { ["uri"] = baseUri } },
                ["results"] = results,
                ["columnKind"] = "utf16CodeUnits",
            };
            var log = new JObject { ["$schema"] = SarifSchema, ["version"] = "2.1.0", ["runs"] = new JArray(run) };
            return log.ToString(Newtonsoft.Json.Formatting.Indented).Replace("\r\n", "\n") + "\n";
        }

        private static JObject Rule(string id, string description, string? helpUri, AmoSeverity severity, string? area)
        {
            string first = FirstSentence(description);
            var rule = new JObject
            {
                ["id"] = id,
                ["shortDescription"] = new JObject { ["text"] = first },
                ["fullDescription"] = new JObject { ["text"] = description },
                ["defaultConfiguration"] = new JObject { ["level"] = Level(severity) },
            };
            if (!string.IsNullOrEmpty(helpUri))
            {
                rule["helpUri"] = helpUri;
                rule["help"] = new JObject { ["text"] = "See " + helpUri + "." };
            }

            if (area != null)
            {
                rule["properties"] = new JObject { ["tags"] = new JArray(area) };
            }

            return rule;
        }

        private static string FirstSentence(string text)
        {
            int end = text.IndexOf(". ", StringComparison.Ordinal);
            return end < 0 ? text : text.Substring(0, end + 1);
        }

        private static string EscapePath(string relative) => string.Join("/", relative.Split('/').Select(Uri.EscapeDataString));

        private static string Level(AmoSeverity severity) => severity switch
        {
            AmoSeverity.Error => "error",
            AmoSeverity.Warning => "warning",
            _ => "note",
        };

        /// <summary>
        /// GitHub Actions workflow commands, one line a finding: <c>::error file=…,line=…,col=…,title=RuleName::message</c>
        /// (warning for Warning, notice for Information), escaped as the runner expects (% CR LF everywhere, : and , in properties).
        /// </summary>
        public static IEnumerable<string> GitHub(IEnumerable<AmoDiagnostic> diagnostics, string basePath)
        {
            foreach (AmoDiagnostic d in diagnostics)
            {
                Place place = Locate(d, basePath);
                string command = d.Severity == AmoSeverity.Error ? "error" : d.Severity == AmoSeverity.Warning ? "warning" : "notice";
                var properties = new List<string>();
                if (place.Display != null)
                {
                    properties.Add("file=" + GitHubProperty(place.Display));
                    if (d.Line is int line && line > 0 && place.Entry == null)
                    {
                        properties.Add("line=" + line.ToString(CultureInfo.InvariantCulture));
                        if (d.Column is int column && column > 0)
                        {
                            properties.Add("col=" + column.ToString(CultureInfo.InvariantCulture));
                        }
                    }
                }

                properties.Add("title=" + GitHubProperty(d.RuleName));
                yield return "::" + command + " " + string.Join(",", properties) + "::" + GitHubData(MessageOf(d, place));
            }
        }

        private static string GitHubData(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

        private static string GitHubProperty(string text) => GitHubData(text).Replace(":", "%3A").Replace(",", "%2C");

        /// <summary>
        /// Azure Pipelines logging commands, one line a finding: <c>##vso[task.logissue type=error;sourcepath=…;linenumber=…;columnnumber=…;code=RuleName;]message</c>
        /// (type warning for Warning); an Information finding is a plain log line, since logissue knows only errors and warnings.
        /// </summary>
        public static IEnumerable<string> AzureDevOps(IEnumerable<AmoDiagnostic> diagnostics, string basePath)
        {
            foreach (AmoDiagnostic d in diagnostics)
            {
                Place place = Locate(d, basePath);
                if (d.Severity == AmoSeverity.Information)
                {
                    yield return AzureEscape((place.Display ?? "manifest.json") + ": Information " + d.RuleName + ": " + MessageOf(d, place));
                    continue;
                }

                var text = new StringBuilder("##vso[task.logissue type=").Append(d.Severity == AmoSeverity.Error ? "error" : "warning").Append(';');
                if (place.Display != null)
                {
                    text.Append("sourcepath=").Append(AzureEscape(place.Display)).Append(';');
                    if (d.Line is int line && line > 0 && place.Entry == null)
                    {
                        text.Append("linenumber=").Append(line.ToString(CultureInfo.InvariantCulture)).Append(';');
                        if (d.Column is int column && column > 0)
                        {
                            text.Append("columnnumber=").Append(column.ToString(CultureInfo.InvariantCulture)).Append(';');
                        }
                    }
                }

                text.Append("code=").Append(AzureEscape(d.RuleName)).Append(";]").Append(AzureEscape(MessageOf(d, place)));
                yield return text.ToString();
            }
        }

        private static string AzureEscape(string text) =>
            text.Replace("%", "%AZP25").Replace(";", "%3B").Replace("\r", "%0D").Replace("\n", "%0A").Replace("]", "%5D");

        /// <summary>
        /// JUnit XML: one test case per finding, grouped in one test suite per file; an Error finding is a failure
        /// (type = rule name), a Warning or Information finding a passing case whose text is in system-out. Characters
        /// XML 1.0 cannot hold (C0 other than tab, LF, CR; U+FFFE, U+FFFF; lone surrogates) are written as visible
        /// escapes (\x01, \uFFFE), so a finding never keeps the report from being written. Every suite and the root carry
        /// time="0": the findings are not timed tests, and readers such as the npm junit parsers read a missing time as NaN.
        /// </summary>
        public static string JUnit(IEnumerable<AmoDiagnostic> diagnostics, string basePath, DateTime timestamp)
        {
            var groups = diagnostics.Select(d => (Diagnostic: d, Place: Locate(d, basePath)))
                .GroupBy(x => x.Place.Display ?? "manifest.json", StringComparer.Ordinal)
                .ToList();
            var output = new StringWriterUtf8();
            var settings = new XmlWriterSettings { Indent = true, NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
            using (XmlWriter xml = XmlWriter.Create(output, settings))
            {
                int total = groups.Sum(g => g.Count());
                int failures = groups.Sum(g => g.Count(x => x.Diagnostic.Severity == AmoSeverity.Error));
                xml.WriteStartDocument();
                xml.WriteStartElement("testsuites");
                xml.WriteAttributeString("name", "AmoWidget");
                xml.WriteAttributeString("tests", total.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("errors", "0");
                xml.WriteAttributeString("time", "0");
                foreach (var group in groups)
                {
                    xml.WriteStartElement("testsuite");
                    xml.WriteAttributeString("name", Printable.ForXml(group.Key));
                    xml.WriteAttributeString("tests", group.Count().ToString(CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("failures", group.Count(x => x.Diagnostic.Severity == AmoSeverity.Error).ToString(CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("errors", "0");
                    xml.WriteAttributeString("skipped", "0");
                    xml.WriteAttributeString("timestamp", timestamp.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("time", "0");
                    foreach (var (d, place) in group)
                    {
                        string where = d.Line is int line && line > 0 && place.Entry == null
                            ? group.Key + ":" + line.ToString(CultureInfo.InvariantCulture) + (d.Column is int c && c > 0 ? ":" + c.ToString(CultureInfo.InvariantCulture) : string.Empty)
                            : group.Key + (place.Entry != null ? "!" + place.Entry : string.Empty);
                        string message = MessageOf(d, new Place(place.File, place.Relative, null));
                        xml.WriteStartElement("testcase");
                        xml.WriteAttributeString("classname", Printable.ForXml(group.Key));
                        xml.WriteAttributeString("name", Printable.ForXml(d.RuleName + " " + where + (d.Path != null ? " " + d.Path : string.Empty)));
                        xml.WriteAttributeString("time", "0");
                        if (d.Severity == AmoSeverity.Error)
                        {
                            xml.WriteStartElement("failure");
                            xml.WriteAttributeString("type", d.RuleName);
                            xml.WriteAttributeString("message", Printable.ForXml(message));
                            xml.WriteString(Printable.ForXml(where + ": " + d.Severity + " " + d.RuleName + ": " + message + (d.HelpUri != null ? "\n" + d.HelpUri : string.Empty)));
                            xml.WriteEndElement();
                        }
                        else
                        {
                            xml.WriteElementString("system-out", Printable.ForXml(where + ": " + d.Severity + " " + d.RuleName + ": " + message));
                        }

                        xml.WriteEndElement();
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
                xml.WriteEndDocument();
            }

            return output.ToString() + "\n";
        }

        /// <summary>A StringWriter that declares UTF-8, so the XML declaration says what the file is written as.</summary>
        private sealed class StringWriterUtf8 : StringWriter
        {
            public StringWriterUtf8()
                : base(CultureInfo.InvariantCulture)
            {
            }

            public override Encoding Encoding => new UTF8Encoding(false);
        }
    }
}
