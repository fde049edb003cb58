#include "editor/code_panel.h"

#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSyntaxHighlighter>
#include <QVBoxLayout>

#include "common/theme.h"
#include "document/project_document.h"
#include "export/pytorch_export.h"

namespace strata::ui {

namespace {

class PythonHighlighter : public QSyntaxHighlighter {
 public:
  using QSyntaxHighlighter::QSyntaxHighlighter;

 protected:
  void highlightBlock(const QString& text) override {
    const bool dark = dark_theme_active();
    QTextCharFormat keyword, string, comment, number;
    keyword.setForeground(dark ? QColor(0xc6, 0x92, 0xf6) : QColor(0x7c, 0x3a, 0xed));
    keyword.setFontWeight(QFont::Bold);
    string.setForeground(dark ? QColor(0x86, 0xd9, 0x9b) : QColor(0x16, 0x80, 0x3d));
    comment.setForeground(dark ? QColor(0x8a, 0x91, 0x9c) : QColor(0x6b, 0x72, 0x80));
    comment.setFontItalic(true);
    number.setForeground(dark ? QColor(0xf5, 0xa9, 0x5c) : QColor(0xb4, 0x53, 0x09));
    static const QRegularExpression kw(QStringLiteral(
        "\\b(import|from|as|class|def|return|self|for|in|if|else|with|None|True|False|super|lambda)\\b"));
    static const QRegularExpression num(QStringLiteral("\\b\\d+(\\.\\d+)?(e-?\\d+)?\\b"));
    static const QRegularExpression str(QStringLiteral("\"[^\"]*\"|'[^']*'"));
    for (auto [re, fmt] : {std::pair{&num, &number}, std::pair{&kw, &keyword}, std::pair{&str, &string}}) {
      for (auto it = re->globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), *fmt);
      }
    }
    // Docstrings span lines: state 1 is "inside one".
    int start = previousBlockState() == 1 ? 0 : int(text.indexOf(QStringLiteral("\"\"\"")));
    setCurrentBlockState(0);
    while (start >= 0) {
      const int from = previousBlockState() == 1 && start == 0 ? 0 : start + 3;
      const int end = int(text.indexOf(QStringLiteral("\"\"\""), from));
      if (end < 0) {
        setFormat(start, int(text.size()) - start, string);
        setCurrentBlockState(1);
        break;
      }
      setFormat(start, end + 3 - start, string);
      start = int(text.indexOf(QStringLiteral("\"\"\""), end + 3));
    }
    if (const int hash = int(text.indexOf(QLatin1Char('#'))); hash >= 0 && currentBlockState() == 0 &&
                                                                format(hash) != string)
      setFormat(hash, int(text.size()) - hash, comment);
  }
};

}  // namespace

CodePanel::CodePanel(ProjectDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  text_ = new QPlainTextEdit(this);
  text_->setReadOnly(true);
  text_->setLineWrapMode(QPlainTextEdit::NoWrap);
  text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  text_->setObjectName(QStringLiteral("pytorch_code"));
  new PythonHighlighter(text_->document());
  layout->addWidget(text_);
  timer_.setSingleShot(true);
  timer_.setInterval(150);
  connect(&timer_, &QTimer::timeout, this, &CodePanel::refresh);
  connect(doc_, &ProjectDocument::analyzed, this, [this] {
    stale_ = true;
    if (isVisible()) timer_.start();
  });
}

QString CodePanel::code() const { return text_->toPlainText(); }

void CodePanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (stale_) refresh();
}

void CodePanel::refresh() {
  stale_ = false;
  QString code;
  const ModelReport& r = doc_->report();
  if (!r.ok()) {
    code = tr("# The graph has errors, so there is no PyTorch module yet:\n");
    for (const auto& e : r.errors) code += QStringLiteral("#   ") + QString::fromStdString(e) + QLatin1Char('\n');
  } else {
    try {
      code = QString::fromStdString(pytorch_module_source(doc_->graph(), doc_->project().name));
    } catch (const std::exception& e) {
      code = tr("# No PyTorch module: %1\n").arg(QString::fromStdString(e.what()));
    }
  }
  if (code == text_->toPlainText()) return;
  const int scroll = text_->verticalScrollBar()->value();  // stay where the reader was
  text_->setPlainText(code);
  text_->verticalScrollBar()->setValue(scroll);
}

}  // namespace strata::ui
