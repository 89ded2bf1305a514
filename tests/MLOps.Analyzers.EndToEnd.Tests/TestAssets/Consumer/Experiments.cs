using System;
using Microsoft.ML;

namespace HousePrices
{
    /// <summary>Quick experiments, written in a hurry: the contexts are seeded badly or not at all.</summary>
    public static class Experiments
    {
        public static void Baseline(string dataPath)
        {
            var ml = new MLContext(); // expect: MLO1001
            var data = ml.Data.LoadFromTextFile<HouseData>(dataPath, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.25);
            var model = ml.Transforms.Concatenate("Features", nameof(HouseData.Size), nameof(HouseData.Bedrooms), nameof(HouseData.Age))
                .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Price")) // ok
                .Fit(split.TrainSet);
            Print("baseline", ml, model, split.TestSet);
        }

        public static void WithOptionalSeed(string dataPath)
        {
            var ml = new MLContext(seed: null); // expect: MLO1001
            var data = ml.Data.LoadFromTextFile<HouseData>(dataPath, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.25);
            var model = ml.Transforms.Concatenate("Features", nameof(HouseData.Size), nameof(HouseData.Bedrooms))
                .Append(ml.Regression.Trainers.FastForest(labelColumnName: "Price", numberOfTrees: 50)) // ok
                .Fit(split.TrainSet);
            Print("forest", ml, model, split.TestSet);
        }

        public static void SeededFromTheClock(string dataPath)
        {
            var ml = new MLContext(seed: Environment.TickCount); // expect: MLO1004
            var data = ml.Data.LoadFromTextFile<HouseData>(dataPath, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.25);
            var model = ml.Transforms.Concatenate("Features", nameof(HouseData.Size), nameof(HouseData.Age))
                .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Price")) // ok
                .Fit(split.TrainSet);
            Print("clock-seeded", ml, model, split.TestSet);
        }

        public static void SeededFromAGuid(string dataPath)
        {
            var s = Guid.NewGuid().GetHashCode(); // expect: MLO1004
            Console.WriteLine($"seed {s}");
            var ml = new MLContext(s); // ok
            var data = ml.Data.LoadFromTextFile<HouseData>(dataPath, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.25);
            var model = ml.Transforms.Concatenate("Features", nameof(HouseData.Size), nameof(HouseData.Bedrooms), nameof(HouseData.Age))
                .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Price")) // ok
                .Fit(split.TrainSet);
            Print("guid-seeded", ml, model, split.TestSet);
        }

        private static void Print(string name, MLContext ml, ITransformer model, IDataView testSet)
        {
            var metrics = ml.Regression.Evaluate(model.Transform(testSet), labelColumnName: "Price");
            Console.WriteLine($"{name}: R² {metrics.RSquared:F3}");
        }
    }
}
