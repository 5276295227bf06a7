#pragma once
// A one-line progress bar on stderr for commands that work through many items, drawn only
// when stderr is a terminal (never in a cron mail or a script's capture).
#include <cstddef>
#include <string>

namespace dnsclay::cli {

class Progress {
  public:
    // Shown only if `wanted`, stderr is a terminal and there are at least `min_items`.
    Progress(bool wanted, std::size_t total, std::size_t min_items);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // Draws "[#####     ] 12/40 LABEL" for the item about to be worked on.
    void step(const std::string& label);
    // Erases the bar, so that other output starts on a clean line; the next step draws it
    // again.
    void clear();

  private:
    bool shown_ = false;
    bool drawn_ = false;
    std::size_t total_ = 0;
    std::size_t done_ = 0;
};

} // namespace dnsclay::cli
