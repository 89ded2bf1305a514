// Field trial stub: the PLplot package is not served here. Only the members the samples call, with no behaviour;
// the analyzers do not look at plotting code. Written for the field trial, not taken from PLplot.
namespace PLplot
{
    public enum AxesScale { Independent }
    public enum AxisBox { BoxTicksLabelsAxes }
    public sealed class PLStream : System.IDisposable
    {
        public void sdev(string device) { }
        public void sfnam(string fileName) { }
        public void spal0(string file) { }
        public void init() { }
        public void env(double xmin, double xmax, double ymin, double ymax, AxesScale just, AxisBox axis) { }
        public void schr(double def, double scale) { }
        public void lab(string x, string y, string title) { }
        public void col0(int color) { }
        public void poin(double[] x, double[] y, char code) { }
        public void line(double[] x, double[] y) { }
        public void gver(out string version) { version = ""; }
        public void eop() { }
        public void Dispose() { }
    }
}
