namespace AmoWidget
{
    /// <summary>Where a widget is bound as a lead source: its pipeline_id and that pipeline's name.</summary>
    public sealed class AmoWidgetPipeline
    {
        public string Code { get; init; } = string.Empty;

        public bool IsLeadSource { get; init; }

        public bool IsActiveInAccount { get; init; }

        /// <summary>
        /// <see cref="IsActiveInAccount"/> under the name of its column in the default table, so that what the table
        /// shows <c>Where-Object Installed</c> filters.
        /// </summary>
        public bool Installed => IsActiveInAccount;

        /// <summary>Null when the widget is not a lead source or not bound to a pipeline.</summary>
        public long? PipelineId { get; init; }

        /// <summary>Null when there is no pipeline, or the pipeline is not visible to the connection's user.</summary>
        public string? PipelineName { get; init; }

        public override string ToString() => Printable.Escape(PipelineId == null ? Code : Code + " -> " + (PipelineName ?? PipelineId.ToString()));
    }
}
