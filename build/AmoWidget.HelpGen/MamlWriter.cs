using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace AmoWidget.HelpGen
{
    /// <summary>
    /// Writes MAML command help, the format Get-Help reads for compiled cmdlets: the text from the markdown, the
    /// facts (syntax, types, positions, pipeline input, aliases, wildcards) from the engine's metadata.
    /// </summary>
    public static class MamlWriter
    {
        private const string MshNs = "http://msh";
        private const string MamlNs = "http://schemas.microsoft.com/maml/2004/10";
        private const string CommandNs = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private const string DevNs = "http://schemas.microsoft.com/maml/dev/2004/10";

        /// <summary>Text for the risk-mitigation parameters when a page leaves them out: the same on every cmdlet.</summary>
        private static readonly Dictionary<string, string> StandardDescriptions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["WhatIf"] = "Shows what would happen if the cmdlet runs. The cmdlet is not run.",
            ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
        };

        public static bool HasStandardDescription(string parameter) => StandardDescriptions.ContainsKey(parameter);

        public static string Write(IEnumerable<(CommandFacts Facts, HelpDocument? Doc)> commands)
        {
            var settings = new XmlWriterSettings
            {
                Indent = true,
                IndentChars = "  ",
                NewLineChars = "\n",
                Encoding = new UTF8Encoding(false),
            };
            var buffer = new MemoryStream();
            using (XmlWriter w = XmlWriter.Create(buffer, settings))
            {
                w.WriteStartDocument();
                w.WriteStartElement("helpItems", MshNs);
                w.WriteAttributeString("schema", "maml");
                foreach ((CommandFacts facts, HelpDocument? doc) in commands)
                {
                    WriteCommand(w, facts, doc);
                }

                w.WriteEndElement();
                w.WriteEndDocument();
            }

            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }

        private static void WriteCommand(XmlWriter w, CommandFacts facts, HelpDocument? doc)
        {
            w.WriteStartElement("command", "command", CommandNs);
            w.WriteAttributeString("xmlns", "maml", null, MamlNs);
            w.WriteAttributeString("xmlns", "command", null, CommandNs);
            w.WriteAttributeString("xmlns", "dev", null, DevNs);

            w.WriteStartElement("command", "details", CommandNs);
            w.WriteElementString("command", "name", CommandNs, facts.Name);
            w.WriteElementString("command", "verb", CommandNs, facts.Verb);
            w.WriteElementString("command", "noun", CommandNs, facts.Noun);
            WriteDescription(w, doc?.Synopsis);
            w.WriteEndElement();

            WriteDescription(w, doc?.Description);

            w.WriteStartElement("command", "syntax", CommandNs);
            foreach (SetFacts set in facts.Sets)
            {
                w.WriteStartElement("command", "syntaxItem", CommandNs);
                w.WriteElementString("maml", "name", MamlNs, facts.Name);
                IEnumerable<SetParameter> ordered = set.Parameters.Where(p => p.IsPositional).OrderBy(p => p.Position)
                    .Concat(set.Parameters.Where(p => !p.IsPositional));
                foreach (SetParameter p in ordered)
                {
                    WriteParameter(w, p.Parameter, doc, p.Mandatory, p.Position, inSyntax: true);
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();

            w.WriteStartElement("command", "parameters", CommandNs);
            foreach (ParameterFacts p in facts.Parameters)
            {
                WriteParameter(w, p, doc, p.Required, p.Position, inSyntax: false);
            }

            w.WriteEndElement();

            WriteTypes(w, "inputTypes", "inputType", doc?.Inputs ?? new List<HelpEntry>(), new List<string>());
            WriteTypes(w, "returnValues", "returnValue", doc?.Outputs ?? new List<HelpEntry>(), facts.OutputTypes);

            if (doc != null && doc.Notes.Count > 0)
            {
                w.WriteStartElement("maml", "alertSet", MamlNs);
                w.WriteStartElement("maml", "alert", MamlNs);
                WriteParas(w, doc.Notes);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteStartElement("command", "examples", CommandNs);
            foreach (HelpExample example in doc?.Examples ?? new List<HelpExample>())
            {
                w.WriteStartElement("command", "example", CommandNs);
                w.WriteElementString("maml", "title", MamlNs, "-------------------------- " + example.Title + " --------------------------");
                w.WriteElementString("dev", "code", DevNs, example.Code);
                w.WriteStartElement("dev", "remarks", DevNs);
                WriteParas(w, example.Remarks);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();

            w.WriteStartElement("command", "relatedLinks", CommandNs);
            foreach (HelpLink link in doc?.Links ?? new List<HelpLink>())
            {
                w.WriteStartElement("maml", "navigationLink", MamlNs);
                w.WriteElementString("maml", "linkText", MamlNs, link.Text);
                w.WriteElementString("maml", "uri", MamlNs, link.Uri);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        private static void WriteParameter(XmlWriter w, ParameterFacts p, HelpDocument? doc, bool required, int position, bool inSyntax)
        {
            w.WriteStartElement("command", "parameter", CommandNs);
            w.WriteAttributeString("required", required ? "true" : "false");
            w.WriteAttributeString("variableLength", p.Type.IsArray ? "true" : "false");
            w.WriteAttributeString("globbing", p.Globbing ? "true" : "false");
            w.WriteAttributeString("pipelineInput", p.PipelineInput);
            w.WriteAttributeString("position", position == int.MinValue ? "named" : position.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases));
            w.WriteElementString("maml", "name", MamlNs, p.Name);
            WriteDescription(w, DescriptionOf(p.Name, doc));

            // A switch takes no value: Get-Help would print "-Force <SwitchParameter>" in the syntax otherwise.
            if (!(inSyntax && p.IsSwitch))
            {
                w.WriteStartElement("command", "parameterValue", CommandNs);
                w.WriteAttributeString("required", p.IsSwitch ? "false" : "true");
                w.WriteAttributeString("variableLength", p.Type.IsArray ? "true" : "false");
                w.WriteString(p.ShortTypeName);
                w.WriteEndElement();
            }

            w.WriteStartElement("dev", "type", DevNs);
            w.WriteElementString("maml", "name", MamlNs, p.FullTypeName);
            w.WriteElementString("maml", "uri", MamlNs, string.Empty);
            w.WriteEndElement();
            w.WriteElementString("dev", "defaultValue", DevNs, DefaultOf(p, doc));
            w.WriteEndElement();
        }

        /// <summary>
        /// The page's "Default value:" for a parameter; without one, False for a switch (it is off unless given) and
        /// None otherwise (a mandatory parameter has no default).
        /// </summary>
        public static string DefaultOf(ParameterFacts parameter, HelpDocument? doc)
        {
            if (doc != null && doc.Parameters.TryGetValue(parameter.Name, out HelpEntry? entry) && entry.Default != null)
            {
                return entry.Default;
            }

            return parameter.IsSwitch ? "False" : "None";
        }

        /// <summary>The markdown's text for a parameter; the standard text for WhatIf/Confirm; null when there is none.</summary>
        public static List<string>? DescriptionOf(string parameter, HelpDocument? doc)
        {
            if (doc != null && doc.Parameters.TryGetValue(parameter, out HelpEntry? entry) && entry.Text.Count > 0)
            {
                return entry.Text;
            }

            return StandardDescriptions.TryGetValue(parameter, out string? text) ? new List<string> { text } : null;
        }

        private static void WriteTypes(XmlWriter w, string listName, string itemName, List<HelpEntry> documented, List<string> declared)
        {
            w.WriteStartElement("command", listName, CommandNs);
            IEnumerable<HelpEntry> entries = documented.Count > 0
                ? documented
                : declared.Select(t => new HelpEntry(t, new List<string>(), 0));
            foreach (HelpEntry entry in entries)
            {
                w.WriteStartElement("command", itemName, CommandNs);
                w.WriteStartElement("dev", "type", DevNs);
                w.WriteElementString("maml", "name", MamlNs, entry.Name);
                w.WriteEndElement();
                WriteDescription(w, entry.Text);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        private static void WriteDescription(XmlWriter w, List<string>? paragraphs)
        {
            w.WriteStartElement("maml", "description", MamlNs);
            WriteParas(w, paragraphs ?? new List<string>());
            w.WriteEndElement();
        }

        private static void WriteParas(XmlWriter w, List<string> paragraphs)
        {
            foreach (string para in paragraphs)
            {
                w.WriteElementString("maml", "para", MamlNs, para);
            }
        }
    }
}
