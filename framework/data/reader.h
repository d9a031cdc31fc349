#pragma once
/// Interaction-file readers, chosen by name from an explicit registry (formats()).
///
///   inter      RecBole atomic file: typed tab-separated header
///              (`user_id:token item_id:token rating:float timestamp:float`)
///   movielens  MovieLens `u.data` (user item rating timestamp, tab) or `ratings.dat`
///              (`user::item::rating::timestamp`)
///   seq        one user per line: `user item item ...`, items chronological
///   pairs      SASRec-style `user item` per line, chronological per user
///   csv, tsv   header + column mapping (user, item, optional timestamp, rating)
///
/// "auto" picks the format from the file name and first lines where that is unambiguous
/// (detect_format) and otherwise asks for --format. Every malformed line is a UserError
/// "file:line: expected ..., got ...".
#include <string>
#include <string_view>
#include <vector>

#include "data/raw.h"

namespace popsteer::data {

/// How to read a file. Column names apply to inter/csv/tsv; empty = guess from the
/// header (user: user, user_id, userid, ...; item: item, item_id, movie_id, ...;
/// timestamp: timestamp, time, ts; rating: rating, score, stars).
struct ReadOptions {
  std::string format = "auto";
  std::string user_column;
  std::string item_column;
  std::string timestamp_column;  ///< "none" = ignore any timestamp (file order)
  std::string rating_column;     ///< "none" = ignore any rating
};

/// A reader parses the whole text of a file; `source` names it in messages.
using ReaderFn = RawInteractions (*)(std::string_view text, const std::string& source,
                                     const ReadOptions& options);

struct FormatInfo {
  std::string name;
  std::string description;
  ReaderFn read;
};

/// The registry, in a fixed order.
const std::vector<FormatInfo>& formats();
/// Names of all formats (for messages and CLI choices), without "auto".
std::vector<std::string> format_names();
/// The entry for `name`; UserError naming the valid formats (did you mean) otherwise.
const FormatInfo& find_format(const std::string& name);

/// Guesses the format from the file name (extension .inter/.csv/.tsv, u.data,
/// ratings.dat) and, failing that, from the first lines: `::` -> movielens; a first line
/// of four numeric tab-separated fields -> movielens; two fields per line with repeated
/// users -> pairs; lines of varying length -> seq. UserError when ambiguous.
std::string detect_format(const std::string& path, std::string_view text);

/// Parses `text` (the contents of `source`) with options.format (or auto-detection).
RawInteractions parse_interactions(std::string_view text, const std::string& source,
                                   const ReadOptions& options);

/// Reads and parses a file.
RawInteractions read_interactions(const std::string& path, const ReadOptions& options);

// The individual readers (registered in formats()).
RawInteractions read_inter(std::string_view text, const std::string& source, const ReadOptions&);
RawInteractions read_movielens(std::string_view text, const std::string& source, const ReadOptions&);
RawInteractions read_seq(std::string_view text, const std::string& source, const ReadOptions&);
RawInteractions read_pairs(std::string_view text, const std::string& source, const ReadOptions&);
RawInteractions read_csv(std::string_view text, const std::string& source, const ReadOptions&);
RawInteractions read_tsv(std::string_view text, const std::string& source, const ReadOptions&);

}  // namespace popsteer::data
