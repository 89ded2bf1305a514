using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;

namespace HousePrices
{
    /// <summary>Data preparation helpers; the caller passes its context in.</summary>
    public static class DataSampling
    {
        public static IDataView Shuffle(MLContext ml, IDataView data)
        {
            return ml.Data.ShuffleRows(data); // expect: MLO1003
        }

        public static IDataView ShuffleReproducibly(MLContext ml, IDataView data)
        {
            return ml.Data.ShuffleRows(data, seed: 7); // ok
        }

        public static (IDataView Train, IDataView Holdout) Split(MLContext ml, IDataView data)
        {
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.1); // ok
            return (split.TrainSet, split.TestSet);
        }

        public static IDataView SampleRows(MLContext ml, IReadOnlyList<HouseData> rows, int count)
        {
            var random = new Random(); // expect: MLO1005
            var sample = rows.OrderBy(_ => random.Next()).Take(count).ToList();
            return ml.Data.LoadFromEnumerable(sample);
        }

        public static IDataView SampleRowsReproducibly(MLContext ml, IReadOnlyList<HouseData> rows, int count)
        {
            var random = new Random(2024); // ok
            var sample = rows.OrderBy(_ => random.Next()).Take(count).ToList();
            return ml.Data.LoadFromEnumerable(sample);
        }
    }
}
