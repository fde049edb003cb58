#include "torch_oracle.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include "core/error.h"

namespace strata::test {

std::optional<Arrays> run_torch_oracle(const QString& script, const Arrays& inputs, QString* why) {
  const QString python = "/usr/bin/python3";
  static const bool have_torch = [&] {  // asked once per test process
    QProcess probe;
    probe.start(python, {"-c", "import torch"});
    return probe.waitForFinished(60000) && probe.exitCode() == 0;
  }();
  if (!have_torch) {
    *why = "python3-torch is not installed for /usr/bin/python3";
    return std::nullopt;
  }
  QTemporaryDir dir;
  if (!dir.isValid()) throw Error("cannot create a temporary directory for the oracle");
  QJsonObject manifest;
  for (const auto& [name, a] : inputs) {
    QFile f(dir.filePath(QString::fromStdString(name) + ".bin"));
    if (!f.open(QIODevice::WriteOnly)) throw Error("cannot write oracle input " + name);
    f.write(reinterpret_cast<const char*>(a.values.data()), qint64(a.values.size() * sizeof(float)));
    QJsonArray shape;
    for (int64_t d : a.shape) shape.append(qint64(d));
    manifest[QString::fromStdString(name)] = shape;
  }
  {
    QFile f(dir.filePath("manifest.json"));
    if (!f.open(QIODevice::WriteOnly)) throw Error("cannot write the oracle manifest");
    f.write(QJsonDocument(manifest).toJson());
  }
  QProcess p;
  p.setWorkingDirectory(STRATA_ORACLE_DIR);
  p.start(python, {QString(STRATA_ORACLE_DIR) + "/" + script, dir.path()});
  if (!p.waitForFinished(300000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
    throw Error("oracle " + script.toStdString() + " failed: " + p.readAllStandardError().toStdString());

  QFile mf(dir.filePath("out_manifest.json"));
  if (!mf.open(QIODevice::ReadOnly)) throw Error("oracle " + script.toStdString() + " wrote no outputs");
  const QJsonObject out = QJsonDocument::fromJson(mf.readAll()).object();
  Arrays result;
  for (auto it = out.begin(); it != out.end(); ++it) {
    Array a;
    for (const auto& d : it.value().toArray()) a.shape.push_back(d.toInteger());
    a.values.resize(size_t(numel(a.shape)));
    QFile f(dir.filePath("out_" + it.key() + ".bin"));
    if (!f.open(QIODevice::ReadOnly) || f.size() != qint64(a.values.size() * sizeof(float)))
      throw Error("oracle output " + it.key().toStdString() + " is missing or truncated");
    f.read(reinterpret_cast<char*>(a.values.data()), f.size());
    result[it.key().toStdString()] = std::move(a);
  }
  return result;
}

}  // namespace strata::test
