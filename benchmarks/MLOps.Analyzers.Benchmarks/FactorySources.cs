using System.Collections.Generic;
using System.Globalization;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// An ML library made of pipeline factories, the shape the test-scaffolding generator writes tests for: in each file a
    /// public static <c>BuildModelN(MLContext)</c> returning the estimator chain, and a training method that loads a CSV,
    /// splits it and fits that chain (so the manifest also records the data). Three trainers in turn: FastTree regression,
    /// L-BFGS logistic regression (binary) and SDCA regression (multi-threaded: its determinism test is generated skipped).
    /// </summary>
    internal static class FactorySources
    {
        public const int FileCount = 100;

        /// <summary>The factory method of file <paramref name="index"/>: the pipeline's name in the manifest.</summary>
        public static string FactoryName(int index) => "BuildModel" + index.ToString(CultureInfo.InvariantCulture);

        public static IEnumerable<(string Path, string Text)> Generate(int count = FileCount)
        {
            for (int i = 0; i < count; i++)
            {
                yield return ($"Factories/Pipelines{i}.cs", File(i));
            }
        }

        private static string File(int i)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            int variant = i % 3;
            string label = variant == 1 ? "bool" : "float";
            string trainer = variant switch
            {
                0 => $"ml.Regression.Trainers.FastTree(labelColumnName: \"Label\", featureColumnName: \"Features\", numberOfLeaves: {8 + i % 16}, numberOfTrees: {20 + i})",
                1 => "ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: \"Label\", featureColumnName: \"Features\")",
                _ => "ml.Regression.Trainers.Sdca(labelColumnName: \"Label\", featureColumnName: \"Features\")",
            };
            string metric = variant == 1
                ? "ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve"
                : "ml.Regression.Evaluate(model.Transform(split.TestSet)).RSquared";
            return $$"""
                using System;
                using Microsoft.ML;
                using Microsoft.ML.Data;

                namespace Factories.N{{n}}
                {
                    public sealed class Row{{n}}
                    {
                        [LoadColumn(0)] public float A;
                        [LoadColumn(1)] public float B;
                        [LoadColumn(2)] public float C;
                        [LoadColumn(3)] public {{label}} Label;
                    }

                    public static class Pipelines{{n}}
                    {
                        public static IEstimator<ITransformer> {{FactoryName(i)}}(MLContext ml) =>
                            ml.Transforms.Concatenate("Features", nameof(Row{{n}}.A), nameof(Row{{n}}.B), nameof(Row{{n}}.C))
                                .Append(ml.Transforms.NormalizeMinMax("Features"))
                                .Append({{trainer}});

                        public static double Train(string dataPath)
                        {
                            var ml = new MLContext(seed: {{i + 1}});
                            IDataView data = ml.Data.LoadFromTextFile<Row{{n}}>(dataPath, hasHeader: true, separatorChar: ',');
                            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: {{i + 1}});
                            var model = {{FactoryName(i)}}(ml).Fit(split.TrainSet);
                            return {{metric}};
                        }
                    }
                }
                """;
        }
    }
}
