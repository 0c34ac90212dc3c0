// C++ reference for run.ts: the quantised four-group packed histogram kernel over one node's rows,
// as a compiler builds it, with and without software prefetch of the packed words 16 rows ahead
// (what XGBoost's histogram builder does), cold caches before every timing. Prints a markdown table.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

template <bool prefetch>
void kernel(double* sums, const uint32_t* packed, int n, const int* rows, int m, const double* ordered) {
  const uint32_t* column[4] = {packed, packed + n, packed + 2 * n, packed + 3 * n};
  for (int k = 0; k < m; k++) {
    if (prefetch && k + 16 < m)
      for (int g = 0; g < 4; g++) __builtin_prefetch(column[g] + rows[k + 16]);
    const int row = rows[k];
    const double v = ordered[k];
    for (int g = 0; g < 4; g++) {
      const uint32_t word = column[g][row];
      for (int j = 0; j < 4; j++) sums[(g * 4 + j) * 256 + ((word >> (8 * j)) & 255)] += v;
    }
  }
}

int main() {
  const int n = 1000000;
  std::mt19937 rng(3);
  std::vector<uint32_t> packed(4 * static_cast<size_t>(n));
  for (auto& word : packed) word = rng();
  std::vector<double> ordered(n);
  for (auto& v : ordered) v = static_cast<double>(rng() % 1000);
  std::vector<int> rows(n);
  std::vector<double> sums(16 * 256);
  std::vector<double> junk(16 * 1024 * 1024);
  double sink = 0;
  printf("| node density | C++ ns/update | C++ with prefetch ns/update |\n|---:|---:|---:|\n");
  for (double density : {1.0, 0.25, 0.05, 0.01}) {
    int m = 0;
    for (int i = 0; i < n; i++)
      if (density == 1.0 || rng() % 1000000 < density * 1e6) rows[m++] = i;
    auto nsPerUpdate = [&](auto run) {
      std::vector<double> times;
      for (int r = 0; r < 9; r++) {
        for (size_t i = 0; i < junk.size(); i += 8) sink += junk[i]++;  // cold caches
        auto t0 = std::chrono::steady_clock::now();
        run();
        times.push_back(std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count());
      }
      std::sort(times.begin(), times.end());
      return times[4] / (m * 16.0);
    };
    double plain = nsPerUpdate([&] { kernel<false>(sums.data(), packed.data(), n, rows.data(), m, ordered.data()); });
    double ahead = nsPerUpdate([&] { kernel<true>(sums.data(), packed.data(), n, rows.data(), m, ordered.data()); });
    printf("| %g | %.2f | %.2f |\n", density, plain, ahead);
  }
  return sink + sums[0] == -1.0;  // keeps the flush and the sums alive
}
