// Quality gates for the generated tests (docs/test-scaffolding.md): the pipeline's manifest name, a metric of its task's
// metrics type, and the bounds it must meet on the held-out data (the pipeline's own 20% test split).
// On the shipped data FastTree reaches R² ≈ 0.98 and SDCA an RMSE ≈ 1.7 dollars.
[assembly: MLOps.Testing.QualityGate("BuildFastTree", "RSquared", Minimum = 0.95)]
[assembly: MLOps.Testing.QualityGate("BuildSdca", "RootMeanSquaredError", Maximum = 2.5)]
