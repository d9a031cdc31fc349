// Readers, format detection and every bad-input case (each a UserError with file:line).
#include <gtest/gtest.h>

#include "data/prepare.h"
#include "data/reader.h"
#include "data/text_scan.h"
#include "test_util.h"

namespace popsteer::data {
namespace {

using testing::expect_user_error;
using testing::TempDir;

RawInteractions parse(const std::string& text, const std::string& source,
                      const std::string& format = "auto") {
  ReadOptions o;
  o.format = format;
  return parse_interactions(text, source, o);
}

TEST(Readers, InterTypedHeader) {
  const auto r = parse(
      "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
      "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t4.5\t881250950\n",
      "x.inter");
  EXPECT_EQ(r.format, "inter");
  EXPECT_EQ(r.size(), 3);
  EXPECT_EQ(r.user_names, (std::vector<std::string>{"196", "186"}));
  EXPECT_EQ(r.item_names, (std::vector<std::string>{"242", "302"}));
  EXPECT_EQ(r.user, (std::vector<int32_t>{0, 1, 0}));
  EXPECT_EQ(r.item, (std::vector<int32_t>{0, 1, 1}));
  EXPECT_DOUBLE_EQ(r.timestamp[1], 891717742.0);
  EXPECT_FLOAT_EQ(r.rating[2], 4.5f);
}

TEST(Readers, MovieLensTabAndDoubleColon) {
  const auto a = parse("1\t10\t5\t100\r\n2\t10\t3\t99\r\n", "u.data");
  EXPECT_EQ(a.format, "movielens");
  EXPECT_EQ(a.size(), 2);
  EXPECT_DOUBLE_EQ(a.timestamp[1], 99.0);
  const auto b = parse("1::1193::5::978300760\n1::661::3::978302109\n", "ratings.dat");
  EXPECT_EQ(b.size(), 2);
  EXPECT_EQ(b.item_names[1], "661");
  EXPECT_FLOAT_EQ(b.rating[0], 5.0f);
  // Content detection without the usual file names.
  EXPECT_EQ(parse("1::1193::5::978300760\n", "foo.txt").format, "movielens");
  EXPECT_EQ(parse("1\t10\t5\t100\n2\t11\t3\t99\n", "foo.txt").format, "movielens");
  expect_user_error([&] { parse("1\t10\t5\t100\n2\t11\t3\n", "foo.txt"); },
                    "foo.txt:2: expected 4 fields");
}

TEST(Readers, SeqAndPairs) {
  const auto s = parse("1 5 6 7\n2 6 8\n\n3\t9 5\n", "foo.txt");
  EXPECT_EQ(s.format, "seq");
  EXPECT_EQ(s.size(), 7);
  EXPECT_FALSE(s.has_timestamp());
  EXPECT_EQ(s.item, (std::vector<int32_t>{0, 1, 2, 1, 3, 4, 0}));
  const auto p = parse("1 5\n1 6\n2 6\n1 7\n", "bar.txt");
  EXPECT_EQ(p.format, "pairs");
  EXPECT_EQ(p.user, (std::vector<int32_t>{0, 0, 1, 0}));
}

TEST(Readers, CsvColumnMappingAndQuotes) {
  const auto c = parse("userId,movieId,rating,timestamp\n1,\"31\",2.5,1260759144\n1,1029,3.0,1260759179\n",
                       "ratings.csv");
  EXPECT_EQ(c.format, "csv");
  EXPECT_EQ(c.item_names[0], "31");
  EXPECT_DOUBLE_EQ(c.timestamp[1], 1260759179.0);
  ReadOptions o;
  o.format = "tsv";
  o.user_column = "who";
  o.item_column = "what";
  o.timestamp_column = "none";
  const auto t = parse_interactions("what\twho\twhen\nx\ta\tnot-a-time\ny\ta\t?\n", "m.tsv", o);
  EXPECT_EQ(t.user_names, (std::vector<std::string>{"a"}));
  EXPECT_EQ(t.item_names, (std::vector<std::string>{"x", "y"}));
  EXPECT_FALSE(t.has_timestamp());
  o.item_column = "wat";
  expect_user_error([&] { parse_interactions("what\twho\nx\ta\n", "m.tsv", o); },
                    "m.tsv:1: no column 'wat' for the item in the header (did you mean 'what'?)");
  expect_user_error([&] { parse("a,b\n1,2\n", "m.csv"); }, "m.csv:1: cannot find the user column");
}

TEST(ReaderErrors, MalformedLinesNameFileAndLine) {
  expect_user_error([&] { parse("1\t10\t5\t100\n2\t10\t3\n", "u.data"); },
                    "u.data:2: expected 4 fields (user item rating timestamp, tab-separated), got 3");
  expect_user_error([&] { parse("1 5\n1 6 7\n", "p.txt", "pairs"); },
                    "p.txt:2: expected 2 fields 'user item', got 3");
  expect_user_error([&] { parse("1 5 6\n\n7\n", "s.txt", "seq"); },
                    "s.txt:3: expected 'user item item ...'");
  expect_user_error(
      [&] { parse("user_id:token\titem_id:token\n1\t2\t3\n", "x.inter"); },
      "x.inter:2: expected 2 fields");
  expect_user_error([&] { parse("user_id item_id\n1\t2\n", "x.inter"); },
                    "x.inter:1: expected a typed RecBole header");
  expect_user_error([&] { parse("user,item\n1,\n", "x.csv"); }, "x.csv:2: empty item id");
}

TEST(ReaderErrors, NonNumericTimestampsAndRatings) {
  expect_user_error([&] { parse("1\t10\t5\t100\n2\t10\t3\tyesterday\n", "u.data"); },
                    "u.data:2: expected a numeric timestamp, got 'yesterday'");
  expect_user_error([&] { parse("1::10::five::100\n", "ratings.dat"); },
                    "ratings.dat:1: expected a numeric rating, got 'five'");
  expect_user_error(
      [&] { parse("user_id:token\titem_id:token\ttimestamp:float\n1\t2\t12x\n", "a.inter"); },
      "a.inter:2: expected a numeric timestamp, got '12x'");
}

TEST(ReaderErrors, EmptyFilesAndHeaderOnly) {
  TempDir dir;
  const auto empty = dir.file("empty.inter", "");
  expect_user_error([&] { read_interactions(empty, {}); }, "empty.inter: file is empty");
  const auto blank = dir.file("blank.txt", "\n  \n\n");
  expect_user_error([&] { read_interactions(blank, {}); }, "file is empty");
  expect_user_error([&] { parse("user_id:token\titem_id:token\n", "h.inter"); },
                    "h.inter: no interaction rows");
  expect_user_error([&] { read_interactions(dir.path("missing.txt"), {}); }, "cannot open file");
}

TEST(ReaderErrors, UnknownAndAmbiguousFormat) {
  expect_user_error([&] { parse("1 2\n", "a.txt", "csvv"); },
                    "unknown data format 'csvv' (did you mean 'csv'?)");
  expect_user_error([&] { parse("1 2\n3 4\n", "a.txt"); }, "cannot detect the format");
  expect_user_error([&] { parse("a b c\nd e f\n", "a.txt"); }, "pass --format");
}

TEST(TextScan, NumbersAndFields) {
  double d;
  int64_t i;
  EXPECT_TRUE(parse_double(" 1.5e3 ", d));
  EXPECT_DOUBLE_EQ(d, 1500.0);
  EXPECT_FALSE(parse_double("1.5x", d));
  EXPECT_FALSE(parse_double("", d));
  EXPECT_TRUE(parse_int64("-42", i));
  EXPECT_EQ(i, -42);
  EXPECT_FALSE(parse_int64("4.2", i));
  std::vector<std::string_view> f;
  split_fields("a::b::::c", Delim::kDoubleColon, f);
  EXPECT_EQ(f.size(), 4u);
  split_fields("  a \t b  ", Delim::kWhitespace, f);
  EXPECT_EQ(f.size(), 2u);
}

}  // namespace
}  // namespace popsteer::data
