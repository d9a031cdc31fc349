#include <gtest/gtest.h>

#include "core/hash.h"
#include "core/seed.h"

namespace popsteer {

TEST(Hash, FieldsAreLengthPrefixed) {
  Hasher a, b;
  a.add("ab").add("c");
  b.add("a").add("bc");
  EXPECT_NE(a.hex(), b.hex());
  EXPECT_EQ(a.hex().size(), 32u);
}

TEST(Hash, StableAcrossCalls) { EXPECT_EQ(hash_string("popsteer"), hash_string("popsteer")); }

TEST(Seed, DependsOnKeyAndStreamOnly) {
  EXPECT_EQ(derive_seed(2020, "task-a"), derive_seed(2020, "task-a"));
  EXPECT_NE(derive_seed(2020, "task-a"), derive_seed(2020, "task-b"));
  EXPECT_NE(derive_seed(2020, "task-a", 0), derive_seed(2020, "task-a", 1));
  EXPECT_NE(derive_seed(2020, "task-a"), derive_seed(2021, "task-a"));
}

}  // namespace popsteer
