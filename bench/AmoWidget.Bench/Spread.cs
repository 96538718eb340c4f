using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AmoWidget.Bench
{
    /// <summary>The median of per-round figures with their spread: quartiles (linear interpolation) and the extremes.</summary>
    public sealed class Spread
    {
        private Spread(IReadOnlyList<double> values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            Count = sorted.Length;
            Min = sorted[0];
            Max = sorted[sorted.Length - 1];
            Median = Quantile(sorted, 0.5);
            Q1 = Quantile(sorted, 0.25);
            Q3 = Quantile(sorted, 0.75);
        }

        public int Count { get; }

        public double Median { get; }

        public double Q1 { get; }

        public double Q3 { get; }

        public double Min { get; }

        public double Max { get; }

        public static Spread Of(IReadOnlyList<double> values)
        {
            if (values.Count == 0)
            {
                throw new ArgumentException("no values", nameof(values));
            }

            return new Spread(values);
        }

        /// <summary>"1.23 (IQR 1.10–1.31, range 0.98–1.40, n 9)" with the given format for each number.</summary>
        public string Show(string format) =>
            $"{F(Median, format)} (IQR {F(Q1, format)}–{F(Q3, format)}, range {F(Min, format)}–{F(Max, format)}, n {Count})";

        private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

        private static double Quantile(double[] sorted, double q)
        {
            double position = (sorted.Length - 1) * q;
            int low = (int)Math.Floor(position);
            int high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
        }
    }
}
