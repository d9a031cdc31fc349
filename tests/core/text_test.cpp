#include <gtest/gtest.h>

#include "core/progress.h"
#include "core/text.h"

namespace popsteer {

TEST(Text, EditDistance) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Text, DidYouMean) {
  EXPECT_EQ(closest_match("scael", {"scale", "k", "seed"}), "scale");
  EXPECT_EQ(closest_match("zzzzzz", {"scale", "k"}), "");
}

TEST(Progress, FormatDuration) {
  EXPECT_EQ(format_duration(12.34), "12.3s");
  EXPECT_EQ(format_duration(185), "3m05s");
  EXPECT_EQ(format_duration(3720), "1h02m");
}

}  // namespace popsteer
