using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Set-AmoTour: adds or updates the tour block (is_tour, tour_images, tour_description).</summary>
    [Cmdlet(VerbsCommon.Set, "AmoTour")]
    [OutputType(typeof(AmoManifest))]
    public sealed class SetAmoTourCommand : ManifestEditCommand
    {
        private KeyValuePair<string, string[]>[] _images = Array.Empty<KeyValuePair<string, string[]>>();

        /// <summary>tour.tour_description, an i18n key; not given: a present one stays, a missing one becomes widget.tour_description.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Description { get; set; }

        /// <summary>Language to image path(s), e.g. @{ en = 'images/tour_1_en.png', 'images/tour_2_en.png' }.</summary>
        [Parameter]
        [ValidateNotNull]
        public IDictionary? Image { get; set; }

        /// <summary>The images are the same for every manifest: a bad entry stops the command before any change.</summary>
        protected override void BeginProcessingCore()
        {
            if (Image == null)
            {
                return;
            }

            var images = new List<KeyValuePair<string, string[]>>();
            foreach (DictionaryEntry entry in Image)
            {
                string language = entry.Key?.ToString() ?? string.Empty;
                object? value = entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
                object?[] items = (value is string || value is not IEnumerable list ? new[] { value } : list.Cast<object?>())
                    .Select(i => i is PSObject p ? p.BaseObject : i).ToArray();
                object? nested = value is IDictionary ? value : items.FirstOrDefault(i => i is IEnumerable && i is not string);
                if (nested != null)
                {
                    // A hashtable or an array inside the list would be written as its type name or "[key, value]".
                    ThrowAmoError(new AmoException(ErrorIds.TourImageInvalid, AmoErrorKind.InvalidArgument,
                        $"Tour images are image paths per language, such as @{{ en = 'images/tour_1_en.png', 'images/tour_2_en.png' }}; '{language}' holds a {(nested is IDictionary ? "hashtable" : "nested list")} instead.", language));
                }

                string[] paths = items.Select(i => i?.ToString() ?? string.Empty).ToArray();
                images.Add(new KeyValuePair<string, string[]>(language, paths));
            }

            // A plain hashtable has no order of its own: its languages are written in name order, an [ordered] one's as given.
            _images = Image is OrderedDictionary ? images.ToArray() : images.OrderBy(i => i.Key, StringComparer.Ordinal).ToArray();
            try
            {
                AmoManifestEditor.CheckTourImages(_images);
            }
            catch (AmoException ex)
            {
                ThrowAmoError(ex);
            }
        }

        protected override void Edit(AmoManifest manifest) =>
            WriteWarnings(AmoManifestEditor.SetTour(manifest, Description, _images));
    }
}
