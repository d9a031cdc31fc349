#include <gtest/gtest.h>

#include "config/document.h"

namespace popsteer::config {

static std::shared_ptr<Document> doc(const std::string& text) {
  return Document::parse_string(text, "test.toml");
}

TEST(Section, ReadsTypedValuesWithDefaults) {
  auto d = doc("[sae]\nscale = 32\nk = 48\nlr = 0.01\nname = \"x\"\n");
  auto sae = d->root().section("sae");
  EXPECT_EQ(sae.get_int("scale", 1), 32);
  EXPECT_DOUBLE_EQ(sae.get_double("lr", 1.0), 0.01);
  EXPECT_EQ(sae.get_int("k", 0), 48);
  EXPECT_EQ(sae.get_string("name", ""), "x");
  EXPECT_EQ(sae.get_int("missing", 7), 7);
  EXPECT_NO_THROW(sae.finish());
}

TEST(Section, UnknownKeyNamesFileLineAndSuggestion) {
  auto d = doc("[sae]\nscale = 32\nscael = 3\n");
  auto sae = d->root().section("sae");
  sae.get_int("scale", 1);
  try {
    sae.finish();
    FAIL() << "expected UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              "test.toml:3: unknown key 'sae.scael' (did you mean 'scale'?)");
  }
}

TEST(Section, WrongTypeAndRange) {
  auto d = doc("k = \"many\"\nlr = -1.0\n");
  auto root = d->root();
  EXPECT_THROW(root.get_int("k", 1), UserError);
  try {
    root.get_double("lr", 0.1, Range{0.0, 1.0});
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()), "test.toml:2: 'lr': -1 is out of range: must be in [0, 1]");
  }
}

TEST(Section, IntegerAcceptedAsDouble) {
  auto d = doc("alpha = 2\n");
  EXPECT_DOUBLE_EQ(d->root().get_double("alpha", 0), 2.0);
}

TEST(Document, OverrideReplacesValue) {
  auto d = doc("[sae]\nk = [36, 40]\n");
  d->apply_override("sae.k=[32,48]");
  auto sae = d->root().section("sae");
  EXPECT_EQ(sae.get_int_list("k", {}), (std::vector<int64_t>{32, 48}));
}

TEST(Document, SyntaxErrorHasLine) {
  try {
    doc("a = 1\nb = = 2\n");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.where().line, 2);
  }
}

TEST(Section, AllowedStrings) {
  auto d = doc("model = \"sasrek\"\n");
  try {
    d->root().get_string("model", "", {"sasrec", "lightgcn"});
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'sasrec'"), std::string::npos);
  }
}

}  // namespace popsteer::config
