#include <gtest/gtest.h>

#include <cstdlib>
#include <tuple>

#include "fulfilment_fixture.h"

namespace checkout::fulfilment_test {
namespace {

constexpr int32_t kEst = -5 * 3600;
constexpr int32_t kEdt = -4 * 3600;

// Three New York stores on one meridian (lon -73.99), so the distance is
// R * dlat: 6'371'008 m * pi / 180 = 111'195 m per degree.
//   bk   40.69 -> 0.01 deg from the customer at 40.70 = 1'112 m
//   mid  40.75 -> 0.05 deg                             = 5'560 m
//   soho 40.72 -> 0.02 deg                             = 2'224 m
class PickupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    f.add_variant("MUG", 1250, 400, TaxCategory::Standard, /*pickup_eligible=*/false);
    f.add_variant("TEE", 1999, 180);
    const WeeklyHours weekdays = hours({1, 2, 3, 4, 5}, {{hhmm(9, 0), hhmm(21, 0)}});
    for (const auto& [id, name, lat] : {std::tuple{"bk", "Brooklyn", 40'690'000},
                                        std::tuple{"mid", "Midtown", 40'750'000},
                                        std::tuple{"soho", "SoHo", 40'720'000}}) {
      Store& s = f.add_store(id, name);
      s.location = GeoPoint{lat, -73'990'000};
      s.hours = weekdays;
    }
    f.context.now = at("2026-11-18T19:03:00Z");  // Wed 14:03 EST: every store open
  }

  static std::vector<std::string> store_ids(const QuoteState& q) {
    std::vector<std::string> ids;
    for (const PickupStoreOption& s : q.pickup.stores) ids.push_back(s.store_id);
    return ids;
  }

  static const PickupStoreOption& store(const QuoteState& q, const std::string& id) {
    for (const PickupStoreOption& s : q.pickup.stores) {
      if (s.store_id == id) return s;
    }
    throw std::runtime_error("no store " + id);
  }

  // A single store "soho" with the given hours and preparation time, at `now`.
  std::optional<int64_t> ready_at(const WeeklyHours& h, int32_t prep_minutes, const char* now,
                                  int32_t* offset = nullptr) {
    Store& soho = f.catalog.stores[2];
    soho.hours = h;
    soho.preparation_minutes = prep_minutes;
    f.context.now = at(now);
    f.context.max_pickup_stores = 0;
    f.pickup("TEE", 1, "soho");
    QuoteState& q = f.state();
    quote_pickup(q);
    f.cart.lines.clear();
    const PickupStoreOption& option = store(q, "soho");
    if (offset != nullptr) *offset = option.ready_utc_offset_s;
    return option.ready_at;
  }

  Fixture f;
};

TEST_F(PickupTest, WithoutLocationTheFirstStoresByIdPlusNamedStores) {
  f.context.max_pickup_stores = 2;
  f.ship("TEE", 1);
  QuoteState& q = f.state();
  quote_pickup(q);
  EXPECT_EQ(store_ids(q), (std::vector<std::string>{"bk", "mid"}));
  EXPECT_FALSE(q.pickup.stores[0].distance_m.has_value());

  f.pickup("TEE", 1, "soho");  // named by a line: always listed
  QuoteState& named = f.state();
  quote_pickup(named);
  EXPECT_EQ(store_ids(named), (std::vector<std::string>{"bk", "mid", "soho"}));
}

TEST_F(PickupTest, WithLocationNearestFirst) {
  f.context.location = GeoPoint{40'700'000, -73'990'000};
  f.ship("TEE", 1);
  QuoteState& q = f.state();
  quote_pickup(q);
  EXPECT_EQ(store_ids(q), (std::vector<std::string>{"bk", "soho", "mid"}));
  EXPECT_LE(std::abs(*store(q, "bk").distance_m - 1112), 1);  // geo rounds to whole metres
  EXPECT_LE(std::abs(*store(q, "soho").distance_m - 2224), 1);  // geo rounds to whole metres
  EXPECT_LE(std::abs(*store(q, "mid").distance_m - 5560), 1);  // geo rounds to whole metres

  f.context.max_pickup_stores = 1;
  f.pickup("TEE", 1, "mid");
  QuoteState& named = f.state();
  quote_pickup(named);
  EXPECT_EQ(store_ids(named), (std::vector<std::string>{"bk", "mid"}));
}

// A session keeps the distances of its location (StoreDistances): worked out
// on the first quote there, reused for the next, started over when the
// location or the store limit changes, never a different answer.
TEST_F(PickupTest, KeptDistancesFollowTheLocationAndTheLimit) {
  StoreDistances kept;
  const auto priced = [&] {
    QuoteState& q = f.state();
    q.distances = &kept;
    quote_pickup(q);
    const std::vector<PickupStoreOption> with_kept = q.pickup.stores;
    QuoteState& fresh = f.state();  // the same quote without the kept distances
    quote_pickup(fresh);
    EXPECT_EQ(with_kept.size(), fresh.pickup.stores.size());
    for (size_t i = 0; i < with_kept.size() && i < fresh.pickup.stores.size(); ++i) {
      EXPECT_EQ(with_kept[i].store_id, fresh.pickup.stores[i].store_id);
      EXPECT_EQ(with_kept[i].distance_m, fresh.pickup.stores[i].distance_m);
    }
    return store_ids(fresh);
  };
  f.context.location = GeoPoint{40'700'000, -73'990'000};
  f.context.max_pickup_stores = 2;
  f.ship("TEE", 1);
  EXPECT_EQ(priced(), (std::vector<std::string>{"bk", "soho"}));
  EXPECT_EQ(kept.nearest, (std::vector<int32_t>{0, 2}));
  EXPECT_EQ(kept.metres[1], -1);  // mid: not needed yet

  f.pickup("TEE", 1, "mid");  // named by a line: its distance joins the kept ones
  EXPECT_EQ(priced(), (std::vector<std::string>{"bk", "soho", "mid"}));
  EXPECT_LE(std::abs(kept.metres[1] - 5560), 1);

  f.context.location = GeoPoint{40'750'000, -73'990'000};  // at Midtown: everything anew
  EXPECT_EQ(priced(), (std::vector<std::string>{"mid", "soho"}));
  EXPECT_EQ(kept.nearest, (std::vector<int32_t>{1, 2}));

  f.context.max_pickup_stores = 3;
  EXPECT_EQ(priced(), (std::vector<std::string>{"mid", "soho", "bk"}));
}

TEST_F(PickupTest, EqualDistancesTieById) {
  f.catalog.stores[0].location = GeoPoint{40'710'000, -73'990'000};  // bk 0.01 deg north
  f.catalog.stores[1].location = GeoPoint{40'690'000, -73'990'000};  // mid 0.01 deg south
  f.context.location = GeoPoint{40'700'000, -73'990'000};
  QuoteState& q = f.state();
  quote_pickup(q);
  EXPECT_EQ(store_ids(q), (std::vector<std::string>{"bk", "mid", "soho"}));
}

TEST_F(PickupTest, StockAfterSafetyIsSharedPickupClaimsFirst) {
  f.catalog.stores[2].safety_stock = 2;
  f.stock.stores[2] = {{"TEE", 5}};  // 5 - 2 = 3 units offered for pickup
  f.ship("TEE", 2);                  // line 0: eligible too (the chooser shows the whole cart)
  f.ship("MUG", 1);                  // line 1: not pickup-eligible, not listed
  f.pickup("TEE", 2, "soho");        // line 2: picked up here, so it claims first: 2 of 3
  f.ship("TEE", 2);                  // line 3: after line 0, nothing left
  QuoteState& q = f.state();
  quote_pickup(q);
  const PickupStoreOption& soho = store(q, "soho");
  ASSERT_EQ(soho.lines.size(), 3u);  // listed by line index
  EXPECT_EQ(soho.lines[0].line, 0);
  EXPECT_EQ(soho.lines[0].requested, 2);
  EXPECT_EQ(soho.lines[0].available, 1);  // 3 - 2 claimed by line 2
  EXPECT_EQ(soho.lines[1].line, 2);
  EXPECT_EQ(soho.lines[1].requested, 2);
  EXPECT_EQ(soho.lines[1].available, 2);
  EXPECT_EQ(soho.lines[2].line, 3);
  EXPECT_EQ(soho.lines[2].available, 0);
  EXPECT_EQ(soho.availability, "partial");
  EXPECT_EQ(store(q, "bk").availability, "none");  // no stock entry = 0
  // The pickup line is fully served: shipped lines do not take its units.
  EXPECT_TRUE(messages_with(q, "pickup_insufficient_stock").empty());
}

TEST_F(PickupTest, ShortPickupLinesAreTold) {
  f.stock.stores[2] = {{"TEE", 3}};
  f.pickup("TEE", 2, "soho");  // line 0: 2 of 3
  f.pickup("TEE", 2, "soho");  // line 1: the last 1
  QuoteState& q = f.state();
  quote_pickup(q);
  EXPECT_EQ(store(q, "soho").lines[1].available, 1);
  const auto m = messages_with(q, "pickup_insufficient_stock");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].line, 1);
  EXPECT_EQ(m[0].message, "Only 1 of 2 available at SoHo.");
}

TEST_F(PickupTest, AvailabilityAllNoneAndSafetyAboveStock) {
  f.stock.stores[0] = {{"TEE", 4}};                                // bk: 4 >= 3 requested
  f.stock.stores[1] = {{"TEE", 2}};                                // mid: safety 3 > 2 -> 0
  f.catalog.stores[1].safety_stock = 3;
  f.pickup("TEE", 3, "bk");
  QuoteState& q = f.state();
  quote_pickup(q);
  EXPECT_EQ(store(q, "bk").availability, "all");
  EXPECT_EQ(store(q, "bk").lines[0].available, 3);
  EXPECT_EQ(store(q, "mid").availability, "none");
  EXPECT_EQ(store(q, "mid").lines[0].available, 0);
  EXPECT_TRUE(messages_with(q, "pickup_insufficient_stock").empty());
}

TEST_F(PickupTest, NoEligibleLinesMeansNone) {
  f.stock.stores[0] = {{"MUG", 10}};
  f.ship("MUG", 1);
  f.catalog.stores[0].curbside = true;
  QuoteState& q = f.state();
  quote_pickup(q);
  EXPECT_EQ(store(q, "bk").availability, "none");
  EXPECT_TRUE(store(q, "bk").lines.empty());
  EXPECT_TRUE(store(q, "bk").curbside);
  EXPECT_FALSE(store(q, "mid").curbside);
  EXPECT_EQ(store(q, "bk").name, "Brooklyn");
}

TEST_F(PickupTest, ReadyAfterPreparationWhileOpen) {
  int32_t offset = 0;
  // Wed 14:03 EST + 60 min = 15:03 EST = 20:03Z.
  EXPECT_EQ(ready_at(f.catalog.stores[2].hours, 60, "2026-11-18T19:03:00Z", &offset), at("2026-11-18T20:03:00Z"));
  EXPECT_EQ(offset, kEst);
  // No preparation while open: ready now.
  EXPECT_EQ(ready_at(f.catalog.stores[2].hours, 0, "2026-11-18T19:03:00Z"), at("2026-11-18T19:03:00Z"));
}

TEST_F(PickupTest, PreparationPausesOvernight) {
  // Wed 20:30 EST: 30 min until 21:00, the other 30 from Thu 09:00 EST -> 09:30 EST = 14:30Z.
  EXPECT_EQ(ready_at(f.catalog.stores[2].hours, 60, "2026-11-19T01:30:00Z"), at("2026-11-19T14:30:00Z"));
}

TEST_F(PickupTest, ClosedUntilMondayAfterTheWeekend) {
  WeeklyHours h = hours({1, 2, 3, 4, 5}, {{hhmm(9, 0), hhmm(21, 0)}});
  h[6] = {{hhmm(10, 0), hhmm(18, 0)}};
  // Sat 19:00 EST, after the 18:00 close; Sunday closed -> Mon 09:00 EST (14:00Z) + 60 min.
  EXPECT_EQ(ready_at(h, 60, "2026-11-22T00:00:00Z"), at("2026-11-23T15:00:00Z"));
  // No preparation while closed: ready at the next opening.
  EXPECT_EQ(ready_at(h, 0, "2026-11-22T00:00:00Z"), at("2026-11-23T14:00:00Z"));
}

TEST_F(PickupTest, PreparationSkipsTheLunchBreak) {
  const WeeklyHours h = hours({3}, {{hhmm(9, 0), hhmm(12, 0)}, {hhmm(13, 0), hhmm(17, 0)}});
  // Wed 11:00 EST: 60 min to 12:00, 30 more from 13:00 -> 13:30 EST = 18:30Z.
  EXPECT_EQ(ready_at(h, 90, "2026-11-18T16:00:00Z"), at("2026-11-18T18:30:00Z"));
}

TEST_F(PickupTest, SpringForwardDayIsAnHourShorter) {
  const WeeklyHours sundays = hours({0}, {{hhmm(0, 0), hhmm(6, 0)}});
  int32_t offset = 0;
  // Sun 2026-03-08 00:00 EST (05:00Z) to 06:00 EDT (10:00Z) is 5 h, not 6: 300 of
  // 330 minutes, the last 30 from Sun 03-15 00:00 EDT (04:00Z) -> 04:30Z.
  EXPECT_EQ(ready_at(sundays, 330, "2026-03-08T05:00:00Z", &offset), at("2026-03-15T04:30:00Z"));
  EXPECT_EQ(offset, kEdt);
  // 300 minutes fit exactly: ready at the close, 06:00 EDT = 10:00Z.
  EXPECT_EQ(ready_at(sundays, 300, "2026-03-08T05:00:00Z"), at("2026-03-08T10:00:00Z"));
}

TEST_F(PickupTest, FallBackDayIsAnHourLonger) {
  const WeeklyHours sundays = hours({0}, {{hhmm(0, 0), hhmm(6, 0)}});
  int32_t offset = 0;
  // Sun 2026-11-01 00:00 EDT (04:00Z) to 06:00 EST (11:00Z) is 7 h: 400 min fit,
  // ready 04:00Z + 6 h 40 = 10:40Z (05:40 EST, after the change).
  EXPECT_EQ(ready_at(sundays, 400, "2026-11-01T04:00:00Z", &offset), at("2026-11-01T10:40:00Z"));
  EXPECT_EQ(offset, kEst);
}

TEST_F(PickupTest, NeverOpenMeansNoReadyTime) {
  int32_t offset = 123;
  EXPECT_FALSE(ready_at(WeeklyHours{}, 0, "2026-11-18T19:03:00Z", &offset).has_value());
  EXPECT_EQ(offset, 0);
}

TEST_F(PickupTest, LookaheadCoversTodayAndFourteenMoreDays) {
  const WeeklyHours sunday_hour = hours({0}, {{hhmm(0, 0), hhmm(1, 0)}});
  // From Sun 2026-11-15 00:00 EST: Sundays 15, 22 and 29 (= today + 14) give 3 open hours.
  EXPECT_EQ(ready_at(sunday_hour, 180, "2026-11-15T05:00:00Z"), at("2026-11-29T06:00:00Z"));
  EXPECT_FALSE(ready_at(sunday_hour, 181, "2026-11-15T05:00:00Z").has_value());
}

TEST_F(PickupTest, ShippedLinesGetNoPickupMessages) {
  f.ship("TEE", 5);  // no store has stock, but it is not picked up
  QuoteState& q = f.state();
  quote_pickup(q);
  EXPECT_TRUE(q.messages.empty());
}

}  // namespace
}  // namespace checkout::fulfilment_test
