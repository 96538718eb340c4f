using System;
using System.Collections.Generic;

namespace AmoWidget
{
    /// <summary>How the headless widget host drives a widget: which areas and callbacks, with which data and limits.</summary>
    public sealed class AmoRuntimeOptions
    {
        public static readonly AmoRuntimeOptions Default = new AmoRuntimeOptions();

        /// <summary>Manifest locations to drive (suffix ignored); null drives every location the manifest declares.</summary>
        public IReadOnlyCollection<string>? Locations { get; init; }

        /// <summary>Callbacks to record (render, init, leads.selected...); null records all. The lifecycle still runs.</summary>
        public IReadOnlyCollection<string>? Callbacks { get; init; }

        /// <summary>The values get_settings() gives, keyed by setting code; declared settings not given are empty strings.</summary>
        public IDictionary<string, object?>? Settings { get; init; }

        /// <summary>APP.constant() values by key, replacing the built-in examples of the same key.</summary>
        public IDictionary<string, object?>? Constants { get; init; }

        /// <summary>The rows ticked in list areas: ids, or objects {id, type, emails, phones}; null gives two rows.</summary>
        public IReadOnlyList<object?>? Selection { get; init; }

        /// <summary>
        /// Answers the widget's network calls (crm_post, $.ajax, $authorizedAjax, fetch): gets the request as JSON
        /// {Target, Request} and returns the answer as JSON, or null to leave the request unanswered. It is called on
        /// the thread that called the host, never on the engine's.
        /// </summary>
        public Func<string, string?>? Responder { get; init; }

        /// <summary>The i18n file to use (i18n/&lt;Language&gt;.json); null takes the manifest's first locale.</summary>
        public string? Language { get; init; }

        /// <summary>The pipeline a lead-source widget is bound to (self.get_pipeline_id()); null rejects.</summary>
        public long? PipelineId { get; init; }

        /// <summary>The widget code self.params.widget_code gives when the manifest has none (codes come at upload).</summary>
        public string WidgetCode { get; init; } = "amo_widget_under_test";

        /// <summary>Time one callback (or the loading of script.js) may take.</summary>
        public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(2);

        /// <summary>Time loading script.js and the files it depends on may take (bundled apps run for a while).</summary>
        public TimeSpan LoadTimeout { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>Memory the engine may allocate during one callback.</summary>
        public long MemoryBytes { get; init; } = 128L * 1024 * 1024;

        /// <summary>How deep JavaScript calls may nest.</summary>
        public int RecursionDepth { get; init; } = 400;

        /// <summary>Stops the run where it is (Ctrl+C): the engine checks it at every step, as it checks the time limit.</summary>
        public System.Threading.CancellationToken Cancel { get => cancel; init => cancel = value; }

        private System.Threading.CancellationToken cancel;

        /// <summary>A copy with another <see cref="Cancel"/>.</summary>
        internal AmoRuntimeOptions WithCancel(System.Threading.CancellationToken cancel)
        {
            var copy = (AmoRuntimeOptions)MemberwiseClone();
            copy.cancel = cancel;
            return copy;
        }
    }
}
