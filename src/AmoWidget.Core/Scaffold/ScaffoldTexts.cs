using System.Collections.Generic;

namespace AmoWidget.Scaffold
{
    /// <summary>
    /// The starter texts of a new widget's i18n files, in each language amoCRM and Kommo offer. "{0}" is the
    /// widget's name. They describe a starter honestly and are meant to be rewritten.
    /// </summary>
    internal sealed class ScaffoldTexts
    {
        private static readonly Dictionary<string, ScaffoldTexts> ByLanguage = new Dictionary<string, ScaffoldTexts>
        {
            ["en"] = new ScaffoldTexts(
                "A new widget, ready to be built on",
                "{0} adds its features to your account. Describe here what it does and how to set it up.",
                "Message", "Run {0}",
                "{0} gives the AI agent access to its features. Describe here what the agent can do with it.",
                "A quick tour of {0}."),
            ["ru"] = new ScaffoldTexts(
                "Новый виджет, готовый к доработке",
                "{0} добавляет свои возможности в ваш аккаунт. Опишите здесь, что он делает и как его настроить.",
                "Сообщение", "Запустить {0}",
                "{0} даёт ИИ-агенту доступ к своим возможностям. Опишите здесь, что агент может с ним делать.",
                "Краткий обзор виджета {0}."),
            ["es"] = new ScaffoldTexts(
                "Un widget nuevo, listo para desarrollar",
                "{0} añade sus funciones a tu cuenta. Describe aquí qué hace y cómo configurarlo.",
                "Mensaje", "Ejecutar {0}",
                "{0} da al agente de IA acceso a sus funciones. Describe aquí qué puede hacer el agente con él.",
                "Un recorrido rápido por {0}."),
            ["pt"] = new ScaffoldTexts(
                "Um novo widget, pronto para ser desenvolvido",
                "{0} adiciona seus recursos à sua conta. Descreva aqui o que ele faz e como configurá-lo.",
                "Mensagem", "Executar {0}",
                "{0} dá ao agente de IA acesso aos seus recursos. Descreva aqui o que o agente pode fazer com ele.",
                "Um tour rápido por {0}."),
            ["tr"] = new ScaffoldTexts(
                "Geliştirilmeye hazır yeni bir widget",
                "{0} hesabınıza kendi özelliklerini ekler. Ne yaptığını ve nasıl ayarlandığını burada açıklayın.",
                "Mesaj", "{0} çalıştır",
                "{0}, yapay zekâ asistanına kendi özelliklerine erişim verir. Asistanın onunla neler yapabileceğini burada açıklayın.",
                "{0} için kısa bir tanıtım turu."),
            ["id"] = new ScaffoldTexts(
                "Widget baru, siap untuk dikembangkan",
                "{0} menambahkan fiturnya ke akun Anda. Jelaskan di sini apa fungsinya dan cara mengaturnya.",
                "Pesan", "Jalankan {0}",
                "{0} memberi agen AI akses ke fiturnya. Jelaskan di sini apa yang dapat dilakukan agen dengannya.",
                "Tur singkat {0}."),
        };

        private ScaffoldTexts(string shortDescription, string description, string message, string runHandler, string aiAgentDescription, string tourDescription)
        {
            TourDescription = tourDescription;
            ShortDescription = shortDescription;
            Description = description;
            Message = message;
            RunHandler = runHandler;
            AiAgentDescription = aiAgentDescription;
        }

        public string ShortDescription { get; }

        public string Description { get; }

        public string Message { get; }

        public string RunHandler { get; }

        public string AiAgentDescription { get; }

        /// <summary>widget.tour_description: the text of the tour shown before installation.</summary>
        public string TourDescription { get; }

        public static bool IsKnown(string language) => ByLanguage.ContainsKey(language);

        public static ScaffoldTexts For(string language) => ByLanguage.TryGetValue(language, out ScaffoldTexts? texts) ? texts : ByLanguage["en"];
    }
}
