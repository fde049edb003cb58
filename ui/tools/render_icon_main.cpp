// Renders Strata's SVG icon as the PNG sizes desktops look for
// (hicolor/NxN/apps/strata.png), at build time for the Debian package:
// render_icon SVG OUT_DIR SIZE...
#include <QGuiApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <cstdio>

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
  if (argc < 4) {
    std::fprintf(stderr, "usage: render_icon SVG OUT_DIR SIZE...\n");
    return 2;
  }
  QSvgRenderer svg(QString::fromLocal8Bit(argv[1]));
  if (!svg.isValid()) {
    std::fprintf(stderr, "%s: not a readable SVG\n", argv[1]);
    return 1;
  }
  for (int i = 3; i < argc; ++i) {
    const int n = std::atoi(argv[i]);
    QImage img(n, n, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    svg.render(&p);
    p.end();
    const QString dir = QStringLiteral("%1/%2x%2/apps").arg(QString::fromLocal8Bit(argv[2])).arg(n);
    QDir().mkpath(dir);
    if (!img.save(dir + QStringLiteral("/strata.png"))) {
      std::fprintf(stderr, "%s: cannot write\n", qPrintable(dir));
      return 1;
    }
  }
  return 0;
}
