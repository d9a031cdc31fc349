#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/h5.h"

namespace popsteer::io {

static std::string temp_path(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("popsteer-io-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

TEST(H5, RoundTripArraysStringsAttributes) {
  const auto path = temp_path("a.h5");
  {
    H5File f(path, H5File::Mode::kCreate);
    std::vector<float> m{1, 2, 3, 4, 5, 6};
    f.write("model/w", m.data(), {2, 3});
    f.write("ids", std::vector<int32_t>{7, 8, 9});
    f.write_strings("names", {"a", "", "héllo"});
    f.set_attr("/", "version", std::string("0.1"));
    f.set_attr("model/w", "epochs", int64_t{12});
    f.set_attr("/", "lr", 0.01);
  }
  H5File f(path, H5File::Mode::kRead);
  auto w = f.read<float>("model/w");
  EXPECT_EQ(w.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(w.data, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(f.read<int32_t>("ids").data, (std::vector<int32_t>{7, 8, 9}));
  EXPECT_EQ(f.read_strings("names"), (std::vector<std::string>{"a", "", "héllo"}));
  EXPECT_EQ(f.attr_string("/", "version"), "0.1");
  EXPECT_EQ(f.attr_int("model/w", "epochs"), 12);
  EXPECT_DOUBLE_EQ(*f.attr_double("/", "lr"), 0.01);
  EXPECT_FALSE(f.attr_int("/", "missing").has_value());
  EXPECT_TRUE(f.exists("model/w"));
  EXPECT_FALSE(f.exists("model/x"));
  EXPECT_FALSE(f.exists("nope/x"));
  EXPECT_EQ(f.list("/"), (std::vector<std::string>{"ids", "model", "names"}));
  EXPECT_THROW(f.read<float>("nope"), std::runtime_error);
}

TEST(H5, AtomicWriteLeavesNoTempAndTruncatedFileIsInvalid) {
  const auto path = temp_path("b.h5");
  write_atomically(path, [](H5File& f) { f.write("x", std::vector<double>{1.5}); });
  EXPECT_TRUE(is_valid_h5(path));
  for (auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
    EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos);
  // A writer killed mid-write leaves a truncated file: it must be detected, not crash.
  const auto cut = temp_path("c.h5");
  std::filesystem::copy_file(path, cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, 100);
  EXPECT_FALSE(is_valid_h5(cut));
  EXPECT_THROW(H5File(cut, H5File::Mode::kRead), std::runtime_error);
  EXPECT_FALSE(is_valid_h5(temp_path("missing.h5")));
}

}  // namespace popsteer::io
