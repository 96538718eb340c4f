using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace AmoWidget.Tests
{
    /// <summary>
    /// A widget folder written by following the amoCRM / Kommo docs to the letter: manifest, ru and en i18n files
    /// holding every key the manifest names, the six logos as real PNGs of the documented sizes, and an AMD
    /// script.js with every callback its locations need. Tests change one thing and see one rule fire.
    /// Shared by the core and the module tests (it writes files only; it does not use the AmoWidget assemblies).
    /// </summary>
    public sealed class DocsWidget
    {
        public const string Manifest = @"{
  ""widget"": {
    ""name"": ""widget.name"",
    ""description"": ""widget.description"",
    ""short_description"": ""widget.short_description"",
    ""version"": ""1.0.0"",
    ""interface_version"": 2,
    ""init_once"": false,
    ""locale"": [""ru"", ""en""],
    ""installation"": true,
    ""support"": {
      ""link"": ""https://support.my-widget.ru"",
      ""email"": ""help@my-widget.ru""
    }
  },
  ""locations"": [""lcard-1"", ""ccard-1"", ""llist-0"", ""settings"", ""digital_pipeline"", ""advanced_settings""],
  ""settings"": {
    ""login"": { ""name"": ""settings.login"", ""type"": ""text"", ""required"": true },
    ""api_key"": { ""name"": ""settings.api_key"", ""type"": ""pass"", ""required"": true }
  },
  ""dp"": {
    ""settings"": { ""message"": { ""name"": ""dp.message"", ""type"": ""text"", ""required"": true } },
    ""action_multiple"": false,
    ""webhook_url"": ""https://hooks.my-widget.ru/dp""
  },
  ""advanced"": { ""title"": ""advanced.title"" },
  ""tour"": { ""is_tour"": true, ""tour_description"": ""widget.tour_description"" }
}
";

        public const string RussianI18n = @"{
  ""widget"": {
    ""name"": ""Мой виджет"",
    ""short_description"": ""Коротко о виджете"",
    ""description"": ""Что делает виджет и как его настроить."",
    ""tour_description"": ""Обзор возможностей""
  },
  ""settings"": { ""login"": ""Логин"", ""api_key"": ""Ключ API"" },
  ""dp"": { ""message"": ""Сообщение"" },
  ""advanced"": { ""title"": ""Мой виджет: настройки"" }
}
";

        public const string EnglishI18n = @"{
  ""widget"": {
    ""name"": ""My widget"",
    ""short_description"": ""The widget in short"",
    ""description"": ""What the widget does and how to set it up."",
    ""tour_description"": ""A tour of the features""
  },
  ""settings"": { ""login"": ""Login"", ""api_key"": ""API key"" },
  ""dp"": { ""message"": ""Message"" },
  ""advanced"": { ""title"": ""My widget: settings"" }
}
";

        public const string Script = @"define(['jquery'], function ($) {
  var CustomWidget = function () {
    var self = this;
    this.callbacks = {
      render: function () { return true; },
      init: function () { return true; },
      bind_actions: function () { return true; },
      settings: function () { return true; },
      onSave: function () { return true; },
      destroy: function () {},
      dpSettings: function () { return true; },
      advancedSettings: function () { return true; },
      leads: {
        selected: function () { return true; }
      }
    };
    return this;
  };
  return CustomWidget;
});
";

        /// <summary>The documented logos and their pixel sizes.</summary>
        public static readonly IReadOnlyDictionary<string, (int Width, int Height)> Logos = new Dictionary<string, (int, int)>
        {
            ["logo_main.png"] = (400, 272),
            ["logo_medium.png"] = (240, 84),
            ["logo_min.png"] = (84, 84),
            ["logo_small.png"] = (108, 108),
            ["logo.png"] = (130, 100),
            ["logo_dp.png"] = (174, 109),
        };

        /// <summary>Writes the widget into <paramref name="folder"/> and returns the folder.</summary>
        public static string Write(string folder)
        {
            Directory.CreateDirectory(Path.Combine(folder, "i18n"));
            Directory.CreateDirectory(Path.Combine(folder, "images"));
            WriteText(Path.Combine(folder, "manifest.json"), Manifest);
            WriteText(Path.Combine(folder, "i18n", "ru.json"), RussianI18n);
            WriteText(Path.Combine(folder, "i18n", "en.json"), EnglishI18n);
            WriteText(Path.Combine(folder, "script.js"), Script);
            foreach (KeyValuePair<string, (int Width, int Height)> logo in Logos)
            {
                File.WriteAllBytes(Path.Combine(folder, "images", logo.Key), Png(logo.Value.Width, logo.Value.Height));
            }

            return folder;
        }

        /// <summary>Replaces text in one file of the widget (the test fails if the text is not there).</summary>
        public static void Edit(string folder, string file, string oldText, string newText)
        {
            string path = Path.Combine(folder, file);
            string text = File.ReadAllText(path);
            if (!text.Contains(oldText))
            {
                throw new InvalidOperationException($"'{oldText}' is not in {file}");
            }

            WriteText(path, text.Replace(oldText, newText));
        }

        public static void WriteText(string path, string text) => File.WriteAllText(path, text.Replace("\r\n", "\n"), new UTF8Encoding(false));

        /// <summary>A zip of the folder's files, at the root, '/' separators (the layout the uploader wants).</summary>
        public static void Zip(string folder, string zipPath, string prefix = "")
        {
            using ZipArchive zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
            foreach (string file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            {
                string name = prefix + Compat.RelativePath(folder, file).Replace('\\', '/');
                zip.CreateEntryFromFile(file, name);
            }
        }

        /// <summary>A real, decodable PNG of the given size: signature, IHDR, one zlib IDAT of blank RGBA rows, IEND.</summary>
        public static byte[] Png(int width, int height)
        {
            using var output = new MemoryStream();
            Put(output, new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
            var header = new byte[13];
            WriteBigEndian(header, 0, width);
            WriteBigEndian(header, 4, height);
            header[8] = 8;
            header[9] = 6;
            Chunk(output, "IHDR", header);
            using var raw = new MemoryStream();
            // A zlib stream (RFC 1950), as PNG wants; SharpZipLib's (the core's zip library) because System.IO.Compression
            // has no ZLibStream on .NET Framework, where the net472 leg runs these tests.
            using (var zlib = new ICSharpCode.SharpZipLib.Zip.Compression.Streams.DeflaterOutputStream(raw) { IsStreamOwner = false })
            {
                var row = new byte[1 + (width * 4)];
                for (int y = 0; y < height; y++)
                {
                    Put(zlib, row);
                }
            }

            Chunk(output, "IDAT", raw.ToArray());
            Chunk(output, "IEND", Array.Empty<byte>());
            return output.ToArray();
        }

        private static void Put(Stream output, byte[] bytes) => output.Write(bytes, 0, bytes.Length);

        private static void Chunk(Stream output, string type, byte[] data)
        {
            var length = new byte[4];
            WriteBigEndian(length, 0, data.Length);
            Put(output, length);
            byte[] typeBytes = Encoding.ASCII.GetBytes(type);
            Put(output, typeBytes);
            Put(output, data);
            var crc = new byte[4];
            var both = new byte[typeBytes.Length + data.Length];
            typeBytes.CopyTo(both, 0);
            data.CopyTo(both, typeBytes.Length);
            WriteBigEndian(crc, 0, (int)Crc32(both));
            Put(output, crc);
        }

        private static uint Crc32(byte[] data)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in data)
            {
                crc ^= b;
                for (int k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return ~crc;
        }

        private static void WriteBigEndian(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }
    }
}
