// Every dataset reader on small files the test writes: IDX (plain and
// gzipped), CIFAR-10 binary, CSV tables and scikit-learn's format, image
// folders (PNG and JPEG written with Qt), text CSV; their error messages for
// bad data (file and place named); augmentation; the batch loader.
#include <QImage>
#include <QTemporaryDir>

#include <zlib.h>

#include <fstream>

#include "core/error.h"
#include "data/augment.h"
#include "data/batch_loader.h"
#include "data/csv_reader.h"
#include "data/dataset_config.h"
#include "data/idx.h"
#include "data/image_folder.h"
#include "data/preprocessing.h"
#include "data/text.h"
#include "test_support.h"

using namespace strata;

namespace {

void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes, bool gz) {
  if (gz) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), unsigned(bytes.size()));
    gzclose(f);
  } else {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  }
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::vector<unsigned char> be32(uint32_t v) {
  return {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
}

// n images of 2x3 pixels with value 10*i + k, labels i % 3.
void write_idx(const std::string& dir, int n, bool gz, int bad_label_at = -1, size_t truncate = 0) {
  std::vector<unsigned char> img{0, 0, 8, 3}, lab{0, 0, 8, 1};
  for (auto v : {be32(uint32_t(n)), be32(2), be32(3)}) img.insert(img.end(), v.begin(), v.end());
  const auto nl = be32(uint32_t(n));
  lab.insert(lab.end(), nl.begin(), nl.end());
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < 6; ++k) img.push_back(uint8_t(10 * i + k));
    lab.push_back(uint8_t(i == bad_label_at ? 12 : i % 3));
  }
  if (truncate) img.resize(img.size() - truncate);
  write_bytes(dir + "/img" + (gz ? ".gz" : ""), img, gz);
  write_bytes(dir + "/lab" + (gz ? ".gz" : ""), lab, gz);
}


}  // namespace

using test::error_of;

class TestDatasets : public QObject {
  Q_OBJECT
 private slots:
  void idx_plain_and_gzipped();
  void idx_errors();
  void normalize();
  void cifar10();
  void csv_reader_quotes_and_errors();
  void csv_tables();
  void sklearn_breast_cancer();
  void image_folders();
  void image_folder_size_from_the_images();
  void images_claiming_huge_sizes_are_refused();
  void preprocessing_record_round_trips();
  void text_csv();
  void config_errors();
  void augmentation();
  void batch_loader_order();
};

void TestDatasets::idx_plain_and_gzipped() {
  QTemporaryDir dir;
  const std::string d = dir.path().toStdString();
  for (bool gz : {false, true}) {
    write_idx(d, 5, gz);
    const std::string s = gz ? ".gz" : "";
    const Dataset ds = load_idx(d + "/img" + s, d + "/lab" + s, 0, 3);
    QCOMPARE(ds.size(), int64_t(5));
    QCOMPARE(ds.sample_shape, (Shape{1, 2, 3}));
    QCOMPARE(ds.x[6 * 4 + 5], 45.f);  // raw pixels: the preprocessing scales them
    QCOMPARE(ds.y[4], 1.f);
    QCOMPARE(load_idx(d + "/img" + s, d + "/lab" + s, 2, 3).size(), int64_t(2));
  }
}

void TestDatasets::idx_errors() {
  QTemporaryDir dir;
  const std::string d = dir.path().toStdString();
  write_idx(d, 5, false, -1, 4);
  QVERIFY2(error_of([&] { load_idx(d + "/img", d + "/lab", 0, 3); }).contains("img: truncated: the header promises 30 values, the file holds 26"),
           qPrintable(error_of([&] { load_idx(d + "/img", d + "/lab", 0, 3); })));
  write_idx(d, 5, false, 3);
  QVERIFY(error_of([&] { load_idx(d + "/img", d + "/lab", 0, 3); }).contains("lab: label 12 of sample 3 is not below 3 classes"));
  QVERIFY(error_of([&] { load_idx(d + "/lab", d + "/img", 0, 3); }).contains("lab: not an IDX file of unsigned bytes with 3 dimensions"));
  QVERIFY(error_of([&] { load_idx(d + "/missing", d + "/lab", 0, 3); }).contains("missing: cannot open the file"));
}

void TestDatasets::normalize() {
  const LoadedData ld = load_dataset({{"kind", "fashion_mnist"}, {"normalize", {{"mean", {0.5}}, {"std", {0.25}}}}}, "", {3, 3}, "d");
  const LoadedData raw = load_dataset({{"kind", "fashion_mnist"}}, "", {3, 3}, "d");
  for (size_t i = 0; i < ld.train.x.size(); i += 97) QVERIFY(std::fabs(ld.train.x[i] - (raw.train.x[i] - 0.5f) / 0.25f) < 1e-6f);
  QVERIFY(std::fabs(ld.test->x[300] - (raw.test->x[300] - 0.5f) / 0.25f) < 1e-6f);
}

void TestDatasets::cifar10() {
  QTemporaryDir dir;
  const std::string d = dir.path().toStdString();
  std::vector<unsigned char> bytes;
  for (int r = 0; r < 4; ++r) {
    bytes.push_back(uint8_t(r * 3));
    for (int i = 0; i < 3072; ++i) bytes.push_back(uint8_t((i + r) % 256));
  }
  write_bytes(d + "/data_batch_1.bin", bytes, false);
  write_bytes(d + "/test_batch.bin", bytes, false);
  const LoadedData ld = load_dataset({{"kind", "cifar10"}, {"dir", d}, {"train_files", {"data_batch_1.bin"}}}, "", {}, "p: dataset");
  QCOMPARE(ld.train.size(), int64_t(4));
  QCOMPARE(ld.train.sample_shape, (Shape{3, 32, 32}));
  QCOMPARE(ld.train.y[3], 9.f);
  QCOMPARE(ld.train.x[3072 + 1024], float((1024 + 1) % 256) / 255.f);  // second record, green plane
  QVERIFY(ld.test && ld.test->size() == 4);
  bytes.resize(bytes.size() - 100);
  write_bytes(d + "/data_batch_1.bin", bytes, false);
  QVERIFY(error_of([&] { load_dataset({{"kind", "cifar10"}, {"dir", d}, {"train_files", {"data_batch_1.bin"}}}, "", {}, "p"); })
              .contains("data_batch_1.bin: 12192 bytes is not a whole number of 3073-byte CIFAR-10 records (record 4 is truncated)"));
}

void TestDatasets::csv_reader_quotes_and_errors() {
  const CsvTable t = parse_csv("a,b\n\"x, \"\"y\"\"\",2\n\n\"multi\nline\",3\n", "t.csv");
  QCOMPARE(t.rows.size(), size_t(2));
  QCOMPARE(t.rows[0].fields[0], std::string("x, \"y\""));
  QCOMPARE(t.rows[1].fields[0], std::string("multi\nline"));
  QCOMPARE(t.rows[1].line, int64_t(4));
  QVERIFY(error_of([] { parse_csv("a,b\n1,2\n3\n", "t.csv"); }).contains("t.csv:3: expected 2 fields, got 1"));
  QVERIFY(error_of([] { parse_csv("a,b\n\"1,2\n", "t.csv"); }).contains("t.csv:2: a quoted field is never closed"));
}

void TestDatasets::csv_tables() {
  QTemporaryDir dir;
  const std::string train = dir.filePath("train.csv").toStdString(), test = dir.filePath("test.csv").toStdString();
  write_text(train, "x1,kind,x2\n1,cat,10\n3,dog,30\n5,cat,50\n");
  write_text(test, "x1,kind,x2\n2,dog,20\n");
  const LoadedData ld = load_dataset({{"kind", "csv"}, {"train", train}, {"test", test}, {"label", "kind"}}, "", {}, "p");
  QCOMPARE(ld.train.classes, int64_t(2));
  QCOMPARE(ld.train.class_names, (std::vector<std::string>{"cat", "dog"}));
  QCOMPARE(ld.train.y, (std::vector<float>{0, 1, 0}));
  // Standardised with the training rows' statistics: x1 mean 3, std sqrt(8/3).
  QVERIFY(std::fabs(ld.train.x[0] + 2 / std::sqrt(8.0 / 3)) < 1e-6);
  QVERIFY(std::fabs(ld.test->x[0] + 1 / std::sqrt(8.0 / 3)) < 1e-6);
  write_text(test, "x1,kind,x2\n2,bird,20\n");
  QVERIFY(error_of([&] { load_dataset({{"kind", "csv"}, {"train", train}, {"test", test}, {"label", "kind"}}, "", {}, "p"); })
              .contains("test.csv:2: label 'bird' is not one of the 2 classes of the training data"));
  write_text(test, "x1,kind,x2\n2,dog,abc\n");
  QVERIFY(error_of([&] { load_dataset({{"kind", "csv"}, {"train", train}, {"test", test}, {"label", "kind"}}, "", {}, "p"); })
              .contains("test.csv:2: column 'x2': 'abc' is not a number"));
  QVERIFY(error_of([&] { load_dataset({{"kind", "csv"}, {"train", train}, {"label", "type"}}, "", {}, "p"); })
              .contains("train.csv: no column 'type' (the header has: x1, kind, x2)"));
  const LoadedData reg = load_dataset({{"kind", "csv"}, {"train", train}, {"label", "x2"}, {"features", {"x1"}},
                                       {"task", "regression"}, {"standardize", false}}, "", {}, "p");
  QCOMPARE(reg.train.labels, LabelKind::Values);
  QCOMPARE(reg.train.y, (std::vector<float>{10, 30, 50}));
}

void TestDatasets::sklearn_breast_cancer() {
  const std::string path = "/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv";
  if (!QFile::exists(QString::fromStdString(path))) QSKIP("python3-sklearn is not installed");
  const LoadedData ld = load_dataset({{"kind", "csv"}, {"format", "sklearn"}, {"train", path}, {"test_split", 0.2}}, "", {}, "p");
  QCOMPARE(ld.train.size() + ld.test->size(), int64_t(569));
  QCOMPARE(ld.train.sample_shape, (Shape{30}));
  QCOMPARE(ld.train.class_names, (std::vector<std::string>{"malignant", "benign"}));
}

void TestDatasets::image_folders() {
  QTemporaryDir dir;
  const QString root = dir.filePath("train");
  for (const char* cls : {"circle", "square"}) QDir().mkpath(root + "/" + cls);
  QImage red(8, 4, QImage::Format_RGB32), blue(16, 8, QImage::Format_RGB32);
  red.fill(QColor(255, 0, 0));
  blue.fill(QColor(0, 0, 255));
  QVERIFY(red.save(root + "/circle/a.png"));
  QVERIFY(blue.save(root + "/square/b.jpg", "JPEG", 100));
  write_text((root + "/square/notes.txt").toStdString(), "ignored");
  const LoadedData ld = load_dataset({{"kind", "image_folder"}, {"train", root.toStdString()}, {"size", {2, 4}}}, "", {}, "p");
  QCOMPARE(ld.train.size(), int64_t(2));
  QCOMPARE(ld.train.sample_shape, (Shape{3, 2, 4}));
  QCOMPARE(ld.train.class_names, (std::vector<std::string>{"circle", "square"}));
  QCOMPARE(ld.train.x[0], 1.f);                      // red plane of the PNG
  QVERIFY(ld.train.x[24 + 16] > 0.95f);              // blue plane of the JPEG
  const LoadedData grey = load_dataset({{"kind", "image_folder"}, {"train", root.toStdString()}, {"channels", 1}, {"size", {2, 2}}}, "", {}, "p");
  QCOMPARE(grey.train.sample_shape, (Shape{1, 2, 2}));
  write_text((root + "/circle/broken.png").toStdString(), "not a png");
  QVERIFY(error_of([&] { load_dataset({{"kind", "image_folder"}, {"train", root.toStdString()}}, "", {}, "p"); })
              .contains("broken.png: not a readable PNG"));
}

void TestDatasets::image_folder_size_from_the_images() {
  // Without "size" the samples keep the images' own size (the most common
  // one when they differ) and a note says which; an empty class folder is noted.
  QTemporaryDir dir;
  const QString root = dir.filePath("train");
  for (const char* cls : {"a", "b", "empty"}) QDir().mkpath(root + "/" + cls);
  QImage wide(6, 4, QImage::Format_RGB32), square(10, 10, QImage::Format_RGB32);
  wide.fill(QColor(10, 20, 30));
  square.fill(QColor(40, 50, 60));
  QVERIFY(wide.save(root + "/a/1.png") && wide.save(root + "/a/2.jpg", "JPEG", 100) && wide.save(root + "/b/3.png"));
  QVERIFY(square.save(root + "/b/4.png"));
  const nlohmann::json config{{"kind", "image_folder"}, {"train", root.toStdString()}};
  LoadedData ld = load_dataset(config, "", {}, "p");
  QCOMPARE(ld.train.sample_shape, (Shape{3, 4, 6}));
  QCOMPARE(ld.train.size(), int64_t(4));
  QString notes;
  for (const auto& n : ld.notes) notes += QString::fromStdString(n) + "\n";
  QVERIFY2(notes.contains("images come in 2 sizes; all are resized to 4x6 (height x width), the most common"), qPrintable(notes));
  QVERIFY2(notes.contains("empty: no PNG or JPEG images, so class 'empty' has no samples here"), qPrintable(notes));
  QVERIFY(QFile::remove(root + "/b/4.png"));
  ld = load_dataset(config, "", {}, "p");
  QCOMPARE(ld.train.sample_shape, (Shape{3, 4, 6}));
  QVERIFY2(QString::fromStdString(ld.notes.back()).contains("images are 4x6 (height x width); samples keep that size"),
           ld.notes.back().c_str());
}

namespace {
void put_be32(std::string& s, uint32_t v) {
  for (int shift : {24, 16, 8, 0}) s += char((v >> shift) & 0xff);
}
std::string png_chunk(const std::string& type, const std::string& data) {
  std::string c;
  put_be32(c, uint32_t(data.size()));
  const std::string body = type + data;
  c += body;
  put_be32(c, uint32_t(crc32(0, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
  return c;
}
}  // namespace

void TestDatasets::images_claiming_huge_sizes_are_refused() {
  // A few hundred damaged bytes whose header claims a gigantic image must be
  // refused with the file named, not make Strata allocate gigabytes (found by
  // tests/fuzz/fuzz_image).
  QTemporaryDir dir;
  const std::string png = dir.filePath("huge.png").toStdString(), jpg = dir.filePath("huge.jpg").toStdString();
  std::string ihdr;
  put_be32(ihdr, 100000), put_be32(ihdr, 70000);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
  std::string idat(64, '\0');
  uLongf packed_size = compressBound(uLong(idat.size()));
  std::string packed(packed_size, '\0');
  QCOMPARE(compress(reinterpret_cast<Bytef*>(packed.data()), &packed_size, reinterpret_cast<const Bytef*>(idat.data()), uLong(idat.size())), Z_OK);
  packed.resize(packed_size);
  write_text(png, std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", packed) + png_chunk("IEND", ""));
  std::vector<float> out;
  QString why = error_of([&] { read_image_sample(png, 3, 4, 4, out); });
  QVERIFY2(why.contains("huge.png: the image claims to be 100000 x 70000 pixels"), qPrintable(why));
  QCOMPARE(image_size(png), (std::pair<int64_t, int64_t>{70000, 100000}));  // the header alone is still readable

  QImage small(3, 2, QImage::Format_RGB32);
  small.fill(QColor(1, 2, 3));
  QVERIFY(small.save(QString::fromStdString(jpg), "JPEG", 90));
  std::ifstream in(jpg, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  in.close();
  const size_t sof = bytes.find("\xff\xc0");
  QVERIFY(sof != std::string::npos);
  bytes[sof + 5] = bytes[sof + 7] = char(0xfd), bytes[sof + 6] = bytes[sof + 8] = char(0xe8);  // 65000 x 65000
  write_text(jpg, bytes);
  why = error_of([&] { read_image_sample(jpg, 1, 4, 4, out); });
  QVERIFY2(why.contains("huge.jpg: the image claims to be 65000 x 65000 pixels"), qPrintable(why));
  QVERIFY(out.empty());
}

void TestDatasets::preprocessing_record_round_trips() {
  // The loader's preprocessing, recorded as JSON and read back, turns the raw
  // samples into exactly the values the loader produced.
  QTemporaryDir dir;
  const std::string train = dir.filePath("train.csv").toStdString();
  write_text(train, "x1,kind,x2\n1,cat,10\n3,dog,30\n5,cat,50\n");
  const LoadedData ld = load_dataset({{"kind", "csv"}, {"train", train}, {"label", "kind"},
                                      {"normalize", {{"mean", {0.5, -1}}, {"std", {2, 0.5}}}}}, "", {}, "p");
  const Preprocessing p = Preprocessing::from_json(nlohmann::json::parse(ld.preprocessing.to_json().dump()), "r");
  QCOMPARE(p.features, (std::vector<std::string>{"x1", "x2"}));
  QCOMPARE(p.class_names, (std::vector<std::string>{"cat", "dog"}));
  std::vector<float> raw{1, 10, 3, 30, 5, 50};
  p.apply(raw);
  QCOMPARE(raw, ld.train.x);
  // Standardised (x1: mean 3, std sqrt(8/3)), then normalised: ((1 - 3) / sqrt(8/3) - 0.5) / 2.
  QVERIFY(std::fabs(raw[0] - ((1 - 3) / std::sqrt(8.0 / 3) - 0.5) / 2) < 1e-6);

  const std::string text = dir.filePath("t.csv").toStdString();
  write_text(text, "text,label\nGood phone,pos\nbad phone,neg\n");
  const LoadedData tl = load_dataset({{"kind", "text_csv"}, {"train", text}, {"length", 3}}, "", {}, "p");
  const Preprocessing tp = Preprocessing::from_json(tl.preprocessing.to_json(), "r");
  QCOMPARE(tp.encode("bad phone"), std::vector<float>(tl.train.x.begin() + 3, tl.train.x.end()));
  QCOMPARE(tp.vocabulary.tokens(), (std::vector<std::string>{"phone", "bad", "good"}));  // most frequent first
  QCOMPARE(tp.encode("an UNSEEN good"), (std::vector<float>{1, 1, 4}));

  const LoadedData fm = load_dataset({{"kind", "fashion_mnist"}, {"normalize", {{"mean", {0.25}}, {"std", {0.5}}}}}, "", {2, 2}, "d");
  QCOMPARE(fm.preprocessing.mean, (std::vector<double>{0.25 * 255}));
  QCOMPARE(fm.preprocessing.stddev, (std::vector<double>{0.5 * 255}));
}

void TestDatasets::text_csv() {
  QTemporaryDir dir;
  const std::string train = dir.filePath("t.csv").toStdString();
  write_text(train, "text,label\n\"Good, good phone\",pos\nbad phone,neg\nthe rare word,pos\n");
  const LoadedData ld = load_dataset({{"kind", "text_csv"}, {"train", train}, {"vocab_size", 5}, {"length", 4}}, "", {}, "p");
  QCOMPARE(ld.train.sample_shape, (Shape{4}));
  QCOMPARE(ld.train.class_names, (std::vector<std::string>{"neg", "pos"}));
  // Vocabulary: good (2x) and phone (2x) first, alphabetically; then "bad"; 0 pads, 1 is unknown.
  QCOMPARE(std::vector<float>(ld.train.x.begin(), ld.train.x.begin() + 4), (std::vector<float>{0, 2, 2, 3}));
  QCOMPARE(std::vector<float>(ld.train.x.begin() + 4, ld.train.x.begin() + 8), (std::vector<float>{0, 0, 4, 3}));
  QCOMPARE(std::vector<float>(ld.train.x.begin() + 8, ld.train.x.end()), (std::vector<float>{0, 1, 1, 1}));
  QCOMPARE(tokenize("ab", false), (std::vector<std::string>{"a", "b"}));
  QCOMPARE(tokenize("A\xc3\xa9!", false), (std::vector<std::string>{"a", "\xc3\xa9", "!"}));  // a UTF-8 character is one token
}

void TestDatasets::config_errors() {
  QVERIFY(error_of([] { load_dataset({{"kind", "parquet"}}, "", {}, "x.strata: dataset"); })
              .contains("x.strata: dataset.kind: unknown dataset kind 'parquet'"));
  QVERIFY(error_of([] { load_dataset({{"kind", "fashion_mnist"}, {"dirr", "/tmp"}}, "", {}, "x.strata: dataset"); })
              .contains("x.strata: dataset.dirr: unknown field"));
  QVERIFY(error_of([] { load_dataset({{"kind", "csv"}, {"train", "a.csv"}}, "", {}, "x: dataset"); }).contains("x: dataset.label: missing"));
  QVERIFY(error_of([] { augment_from_json({{"rotate", 3}}, "d.augment"); }).contains("d.augment.rotate: unknown augmentation"));
  QVERIFY(error_of([] { load_dataset({{"kind", "fashion_mnist"}, {"normalize", {{"mean", {0.5, 0.5}}, {"std", {1, 1}}}}}, "", {10, 10}, "d"); })
              .contains("d.normalize: needs 1 values in mean and std (one per channel)"));
}

void TestDatasets::augmentation() {
  const Shape shape{1, 3, 4};
  std::vector<float> x(12), scratch;
  for (int i = 0; i < 12; ++i) x[size_t(i)] = float(i);
  AugmentConfig flip;
  flip.flip = true;
  // Find a generator state that flips; the flip must mirror each row exactly.
  for (uint64_t seed = 0; seed < 8; ++seed) {
    std::mt19937_64 rng(seed);
    std::vector<float> y = x;
    augment_sample(flip, shape, y.data(), rng, scratch);
    if (y == x) continue;
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 4; ++c) QCOMPARE(y[size_t(r * 4 + c)], x[size_t(r * 4 + 3 - c)]);
    break;
  }
  AugmentConfig all;
  all.flip = true, all.shift = 0.2, all.rotation = 15, all.zoom = 0.1, all.crop_padding = 1;
  std::mt19937_64 a(5), b(5);
  std::vector<float> y1 = x, y2 = x;
  augment_sample(all, shape, y1.data(), a, scratch);
  augment_sample(all, shape, y2.data(), b, scratch);
  QVERIFY(y1 == y2);  // the same draw gives the same image
  for (float v : y1) QVERIFY(v >= 0.f && v <= 11.f);
}

void TestDatasets::batch_loader_order() {
  Dataset d;
  d.sample_shape = {2};
  d.classes = 10;
  for (int i = 0; i < 10; ++i) d.x.push_back(float(i)), d.x.push_back(float(-i)), d.y.push_back(float(i));
  BatchLoader loader(d, 4, {}, 1);
  const std::vector<int64_t> order{9, 3, 1, 0, 2, 8, 7, 6, 5, 4};
  for (int epoch = 0; epoch < 2; ++epoch) {
    loader.start_epoch(order, epoch, epoch);  // the second epoch resumes at its second batch
    for (int64_t b = epoch; b < 3; ++b) {
      const auto batch = loader.next();
      QCOMPARE(batch.count, b == 2 ? int64_t(2) : int64_t(4));
      for (int64_t i = 0; i < batch.count; ++i) {
        QCOMPARE(batch.y[i], float(order[size_t(b * 4 + i)]));
        QCOMPARE(batch.x[2 * i + 1], -float(order[size_t(b * 4 + i)]));
      }
    }
  }
}

QTEST_MAIN(TestDatasets)
#include "test_datasets.moc"
