namespace AmoWidget
{
    /// <summary>A leads pipeline (GET /api/v4/leads/pipelines).</summary>
    public sealed class AmoPipeline
    {
        public long Id { get; init; }

        public string? Name { get; init; }

        public long? Sort { get; init; }

        public bool IsMain { get; init; }

        public bool IsArchive { get; init; }

        public bool IsUnsortedOn { get; init; }

        public long? AccountId { get; init; }

        public AmoPipelineStatus[] Statuses { get; init; } = new AmoPipelineStatus[0];

        public override string ToString() => Printable.Escape(Name ?? Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>One status (stage) of a pipeline. 142 and 143 are the closed-won and closed-lost system statuses.</summary>
    public sealed class AmoPipelineStatus
    {
        public long Id { get; init; }

        public string? Name { get; init; }

        public long? Sort { get; init; }

        public bool IsEditable { get; init; }

        public long? PipelineId { get; init; }

        public string? Color { get; init; }

        /// <summary>1 for the "unsorted" status, 0 for the others.</summary>
        public int? Type { get; init; }

        public override string ToString() => Printable.Escape(Name ?? Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
