/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-demo"

#include "config.h"

#include <glib.h>

#include "isaf-demo-text.h"

/* Invented names and sentences for demonstration only, not real people or real
 * meetings: the demo commune must read like a real one in the clerk's own words. */

/* Romanised the way Cambodians usually spell their own names in English. */
static const IsafDemoName family_names[] = {
  { "សុខ", "Sok" }, { "ចាន់", "Chan" }, { "ហេង", "Heng" },
  { "លី", "Ly" }, { "កែវ", "Keo" }, { "ជា", "Chea" },
  { "ឈឹម", "Chhim" }, { "ស៊ុន", "Sun" }, { "ឡុង", "Long" },
  { "ម៉ៅ", "Mao" }, { "ពៅ", "Pov" }, { "ខៀវ", "Khiev" },
  { "ហ៊ុយ", "Huy" }, { "ប៊ុន", "Bun" }, { "យឹម", "Yim" },
  { "ញឹម", "Nhim" }, { "សៀង", "Sieng" }, { "គឹម", "Kim" },
  { "ទេព", "Tep" }, { "នួន", "Nuon" }, { "ពេជ្រ", "Pech" },
  { "អ៊ុក", "Ouk" }, { "អ៊ុំ", "Um" }, { "ម៉ម", "Mam" },
  { "សេង", "Seng" }, { "ទូច", "Touch" }, { "សំ", "Sam" },
  { "វង្ស", "Vong" }, { "ស្រេង", "Sreng" }, { "ព្រំ", "Prum" },
  { "អ៊ឹម", "Im" }, { "ងួន", "Nguon" }, { "ម៉េង", "Meng" },
  { "ឯក", "Ek" }, { "ហួត", "Huot" }, { "រស់", "Ros" },
  { "ផល", "Phal" }, { "យិន", "Yin" }, { "ថាច់", "Thach" },
  { "មាស", "Meas" }, { "ប្រាក់", "Prak" }, { "ស្វាយ", "Svay" },
  { "ឡេង", "Leng" }, { "កុយ", "Koy" }, { "សួន", "Suon" },
  { "ខេម", "Khem" }, { "ឡឹម", "Lim" }, { "សោម", "Som" },
  { "ឈួន", "Chhuon" }, { "តាន់", "Tan" },
};

static const IsafDemoName female_given_names[] = {
  { "ស្រីពៅ", "Sreypov" }, { "ស្រីមុំ", "Sreymom" }, { "ស្រីនាង", "Sreyneang" },
  { "ស្រីល័ក្ខ", "Sreyleak" }, { "ស្រីនិច", "Sreynich" }, { "ស្រីរ័ត្ន", "Sreyrath" },
  { "ស្រីអូន", "Sreyoun" }, { "ស្រីពេជ្រ", "Sreypich" }, { "ស្រីដា", "Sreyda" },
  { "ស្រីលាភ", "Sreyleap" }, { "ស្រីតូច", "Sreytoch" }, { "ស្រីម៉ៅ", "Sreymao" },
  { "សុភា", "Sophea" }, { "សុគន្ធា", "Sokunthea" }, { "សុភ័ក្ត្រ", "Sopheak" },
  { "សុភាព", "Sopheap" }, { "សុវណ្ណារី", "Sovannary" }, { "សុធារី", "Sotheary" },
  { "សុជាតា", "Socheata" }, { "សុម៉ាលី", "Somaly" }, { "សុភី", "Sophy" },
  { "សុខគា", "Sokkea" }, { "ចាន់ធី", "Chanthy" }, { "ចន្ទ្រា", "Chantrea" },
  { "ចរិយា", "Chariya" }, { "ចិន្តា", "Chenda" }, { "បុប្ផា", "Bopha" },
  { "ម៉ាលី", "Maly" }, { "ធីតា", "Thida" }, { "ធារី", "Theary" },
  { "រស្មី", "Reaksmey" }, { "រចនា", "Rachana" }, { "លក្ខិណា", "Leakhena" },
  { "នារី", "Neary" }, { "កញ្ញា", "Kanha" }, { "ពិសី", "Pisey" },
  { "ផល្លា", "Phalla" }, { "លីដា", "Lida" }, { "រ៉ានី", "Rany" },
  { "ដាលីន", "Dalin" }, { "គន្ធា", "Kunthea" }, { "ណាវី", "Navy" },
  { "វណ្ណី", "Vanny" }, { "ទេវី", "Tevy" }, { "គឹមហៀង", "Kimheang" },
  { "រ័ត្នា", "Rattana" }, { "សេរីសុទ្ធា", "Sereysothea" }, { "សុខសោភា", "Soksophea" },
  { "ចាន់ណារី", "Channary" }, { "ពុទ្ធារី", "Puthary" }, { "ដានី", "Dany" },
};

static const IsafDemoName male_given_names[] = {
  { "សុខា", "Sokha" }, { "វិចិត្រ", "Vichet" }, { "ដារ៉ា", "Dara" },
  { "សំណាង", "Samnang" }, { "វណ្ណៈ", "Vannak" }, { "សុផល", "Sophal" },
  { "ពិសិដ្ឋ", "Piseth" }, { "រដ្ឋា", "Rotha" }, { "វាសនា", "Veasna" },
  { "បូរ៉ា", "Bora" }, { "សម្បត្តិ", "Sambath" }, { "ចាន់ថា", "Chantha" },
  { "វុទ្ធី", "Vuthy" }, { "ពុទ្ធី", "Puthy" }, { "កុសល", "Kosal" },
  { "ធារ៉ា", "Theara" }, { "សុវណ្ណ", "Sovann" }, { "វិសាល", "Visal" },
  { "មករា", "Makara" }, { "បញ្ញា", "Panha" }, { "រិទ្ធី", "Rithy" },
  { "សារឿន", "Saroeun" }, { "សុខុម", "Sokhom" }, { "ចំរើន", "Chamroeun" },
  { "សុធី", "Sothy" }, { "ស៊ីថា", "Sitha" }, { "សាវឿន", "Savoeun" },
  { "ភក្តី", "Pheakdey" }, { "ណារិន", "Narin" }, { "វិបុល", "Vibol" },
  { "រតនៈ", "Rathanak" }, { "ឧត្តម", "Oudom" }, { "ប៊ុនធឿន", "Bunthoeun" },
  { "សុខហេង", "Sokheng" }, { "វណ្ណា", "Vanna" }, { "ផានិត", "Phanith" },
  { "សេរី", "Serey" }, { "បូរី", "Borey" }, { "វីរៈ", "Vireak" },
  { "សុវត្ថិ", "Sovath" }, { "ណារុង", "Narong" }, { "ភារម្យ", "Phearom" },
  { "ពិសាល", "Pisal" }, { "ប៊ុនលី", "Bunly" }, { "ចាន់ដារ៉ា", "Chandara" },
  { "រ៉ាវី", "Ravy" }, { "សារិន", "Sarin" }, { "សុខជា", "Sokchea" },
  { "គឹមហុង", "Kimhong" }, { "ម៉ានិត", "Manith" }, { "ធារិទ្ធ", "Thearith" },
  { "ភិរម្យ", "Phirum" }, { "វិទូ", "Vitou" },
};

const char * const isaf_demo_jaapc_organisations[] = {
  "ក្រុមប្រឹក្សាឃុំ",
  "គណៈកម្មាធិការទទួលបន្ទុកកិច្ចការនារី និងកុមារ",
  "មណ្ឌលសុខភាព",
  "គណៈកម្មការគ្រប់គ្រងមណ្ឌលសុខភាព",
  "ក្រុមទ្រទ្រង់សុខភាពភូមិ",
  "សាលាបឋមសិក្សា",
  "គណៈកម្មការទ្រទ្រង់សាលារៀន",
  "តំណាងពលរដ្ឋ",
  "ភូមិ",
  "ព្រះសង្ឃ/វត្ត",
  "អ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍",
  "តំណាងយុវជន",
  "តំណាងជនមានពិការភាព",
  "ប៉ុស្តិ៍នគរបាលរដ្ឋបាលឃុំ",
  "អង្គការដៃគូ",
  NULL
};

const char * const isaf_demo_meeting_places[] = {
  "សាលាឃុំ",
  "បន្ទប់ប្រជុំសាលាឃុំ",
  "សាលាឆាន់វត្ត",
  "វត្តក្នុងភូមិ",
  "សាលាបឋមសិក្សា",
  "បន្ទប់រៀនសាលាបឋមសិក្សា",
  "ផ្ទះមេភូមិ",
  "មណ្ឌលសុខភាព",
  "បន្ទប់ប្រជុំមណ្ឌលសុខភាព",
  "ផ្ទះសហគមន៍",
  NULL
};

const char * const isaf_demo_strengths[] = {
  "បុគ្គលិកមណ្ឌលសុខភាពស្វាគមន៍អ្នកជំងឺដោយរាក់ទាក់",
  "មណ្ឌលសុខភាពមានទឹកស្អាតប្រើប្រាស់គ្រប់គ្រាន់",
  "ឆ្មបជួយសម្រាលកូនបានល្អ និងយកចិត្តទុកដាក់",
  "មណ្ឌលសុខភាពបិទផ្សាយតម្លៃសេវាច្បាស់លាស់",
  "មានគ្រូពេទ្យប្រចាំការពេលយប់ និងថ្ងៃឈប់សម្រាក",
  "ការចាក់វ៉ាក់សាំងជូនកុមារធ្វើឡើងទៀងទាត់តាមពេលកំណត់",
  "អ្នកកាន់ប័ណ្ណសមធម៌ទទួលបានសេវាព្យាបាលដោយឥតគិតថ្លៃ",
  "ថ្នាំពេទ្យមានគ្រប់គ្រាន់សម្រាប់ជំងឺទូទៅ",
  "គ្រូពេទ្យពន្យល់ពីរបៀបប្រើថ្នាំបានច្បាស់",
  "គ្រូបង្រៀនមកបង្រៀនទាន់ពេលវេលា",
  "សាលារៀនមានបង្គន់អនាម័យដាច់ដោយឡែកសម្រាប់សិស្សស្រី និងសិស្សប្រុស",
  "ទីធ្លាសាលាស្អាត និងមានដើមឈើផ្ដល់ម្លប់",
  "នាយកសាលាប្រជុំជាមួយមាតាបិតាសិស្សជាប្រចាំ",
  "សិស្សទទួលបានសៀវភៅសិក្សាគ្រប់គ្រាន់",
  "គ្រូយកចិត្តទុកដាក់លើសិស្សរៀនយឺត",
  "សិស្សមានទឹកស្អាតផឹកនៅសាលា",
  "ស្មៀនឃុំចេញសំបុត្រកំណើតបានរហ័ស",
  "ក្រុមប្រឹក្សាឃុំរួសរាយរាក់ទាក់ជាមួយប្រជាពលរដ្ឋ",
  "សាលាឃុំបិទផ្សាយតម្លៃសេវា និងម៉ោងធ្វើការច្បាស់លាស់",
  "ក្រុមប្រឹក្សាឃុំចុះជួបប្រជាពលរដ្ឋតាមភូមិជាប្រចាំ",
  "ប្រជាពលរដ្ឋបានចូលរួមរៀបចំផែនការអភិវឌ្ឍឃុំ",
  "សាលាឃុំបើកធ្វើការទាន់ម៉ោង",
  "មានកៅអីសម្រាប់ប្រជាពលរដ្ឋអង្គុយរង់ចាំ",
  "ការចេញលិខិតបញ្ជាក់ផ្សេងៗមិនយឺតយ៉ាវ",
  NULL
};

const char * const isaf_demo_weaknesses[] = {
  "រង់ចាំយូរពេកមុនពេលបានជួបគ្រូពេទ្យ",
  "គ្មានពេទ្យប្រចាំការនៅពេលយប់",
  "ថ្នាំមិនគ្រប់គ្រាន់ ពេលខ្លះត្រូវទៅទិញនៅខាងក្រៅ",
  "បុគ្គលិកពេទ្យខ្លះនិយាយមិនសូវរាក់ទាក់ជាមួយអ្នកជំងឺ",
  "បន្ទប់ទឹកមណ្ឌលសុខភាពមិនស្អាត និងខ្វះទឹក",
  "មិនទាន់មានជម្រាលសម្រាប់ជនមានពិការភាពប្រើរទេះរុញ",
  "តម្លៃសេវាមិនបានបិទផ្សាយឱ្យឃើញច្បាស់",
  "ផ្លូវចូលមណ្ឌលសុខភាពលិចទឹកនៅរដូវវស្សា",
  "មានការទារប្រាក់ក្រៅពីតម្លៃផ្លូវការពេលសម្រាលកូន",
  "អ្នកជំងឺក្រីក្រមិនទាន់ដឹងពីសិទ្ធិប្រើប្រាស់ប័ណ្ណសមធម៌",
  "គ្រូបង្រៀនខ្លះមកយឺត និងឈប់ញឹកញាប់",
  "បន្ទប់រៀនមិនគ្រប់គ្រាន់ សិស្សរៀនចង្អៀត",
  "ដំបូលបន្ទប់រៀនលេចទឹកពេលភ្លៀង",
  "បង្គន់អនាម័យសាលាខូច និងគ្មានទឹកលាងដៃ",
  "សាលាគ្មានរបង គោក្របីចូលទីធ្លាសាលា",
  "សិស្សត្រូវបង់ប្រាក់រៀនគួរបន្ថែមពីគ្រូ",
  "សម្ភារៈសិក្សា និងសៀវភៅមិនគ្រប់គ្រាន់",
  "មន្ត្រីឃុំមកធ្វើការមិនទៀងទាត់ ប្រជាពលរដ្ឋរង់ចាំយូរ",
  "ការចេញសំបុត្រកំណើតយឺតយ៉ាវ",
  "ប្រជាពលរដ្ឋមិនដឹងពីតម្លៃសេវារដ្ឋបាល",
  "ព័ត៌មានអំពីគម្រោងអភិវឌ្ឍឃុំមិនបានផ្សព្វផ្សាយដល់ភូមិ",
  "សាលាឃុំខ្វះកៅអីសម្រាប់អ្នករង់ចាំ",
  "លូបង្ហូរទឹកស្ទះ ទឹកលិចផ្លូវក្នុងភូមិ",
  NULL
};

const char * const isaf_demo_suggestions[] = {
  "សូមឱ្យមានពេទ្យប្រចាំការ២៤ម៉ោង",
  "សូមបិទផ្សាយតម្លៃសេវា និងម៉ោងធ្វើការនៅមុខមណ្ឌលសុខភាព",
  "ស្នើសុំសាងសង់ជម្រាលសម្រាប់ជនមានពិការភាព",
  "គួររៀបចំលេខរៀងរង់ចាំសម្រាប់អ្នកជំងឺ",
  "សូមបុគ្គលិកពេទ្យនិយាយស្ដីឱ្យបានរាក់ទាក់ជាមួយអ្នកជំងឺ",
  "ស្នើសុំថ្នាំបន្ថែមពីស្រុកប្រតិបត្តិ",
  "សូមសម្អាតបន្ទប់ទឹក និងដាក់ទឹកឱ្យបានគ្រប់គ្រាន់",
  "សូមជួសជុលផ្លូវចូលមណ្ឌលសុខភាព",
  "សូមផ្សព្វផ្សាយពីសិទ្ធិប្រើប្រាស់ប័ណ្ណសមធម៌ដល់ពលរដ្ឋ",
  "គ្រូបង្រៀនគួរមកបង្រៀនឱ្យទាន់ពេលវេលា",
  "ស្នើសុំជួសជុលដំបូលបន្ទប់រៀនដែលលេចទឹក",
  "សូមសាងសង់បង្គន់អនាម័យ និងកន្លែងលាងដៃនៅសាលា",
  "សូមធ្វើរបងព័ទ្ធជុំវិញសាលារៀន",
  "មាតាបិតាគួរចូលរួមប្រជុំជាមួយសាលាឱ្យបានទៀងទាត់",
  "គួរមានការបង្រៀនបំប៉នសម្រាប់សិស្សរៀនយឺត",
  "សូមជីកអណ្ដូងទឹកស្អាតនៅសាលារៀន",
  "ស្មៀនឃុំគួរមកធ្វើការតាមម៉ោងដែលបានកំណត់",
  "សូមបិទផ្សាយតម្លៃសេវារដ្ឋបាលនៅសាលាឃុំ",
  "ក្រុមប្រឹក្សាឃុំគួរផ្សព្វផ្សាយផែនការអភិវឌ្ឍឃុំដល់គ្រប់ភូមិ",
  "សូមរៀបចំកៅអីសម្រាប់ប្រជាពលរដ្ឋអង្គុយរង់ចាំ",
  "ស្នើសុំដាក់លូបង្ហូរទឹកក្នុងភូមិ",
  "គួរដាក់ប្រអប់ទទួលមតិយោបល់ពលរដ្ឋ",
  NULL
};

const char * const isaf_demo_citizen_indicators[] = {
  "ការស្វាគមន៍អ្នកជំងឺ",
  "ពេលវេលារង់ចាំ",
  "ភាពស្អាតនៃបន្ទប់ទឹក",
  "ការបិទផ្សាយតម្លៃសេវា",
  "ការមកធ្វើការទាន់ម៉ោងរបស់បុគ្គលិក",
  "ផ្លូវចូលមណ្ឌលសុខភាព",
  "ជម្រាលសម្រាប់ជនមានពិការភាព",
  "ការពន្យល់អំពីការប្រើប្រាស់ថ្នាំ",
  "ការគោរពសិទ្ធិអ្នកកាន់ប័ណ្ណសមធម៌",
  "សេវាសម្រាលកូន",
  "ការចាក់វ៉ាក់សាំងកុមារ",
  "របងសាលារៀន",
  "ទឹកស្អាតសម្រាប់សិស្ស",
  "ការប្រជុំរវាងគ្រូ និងមាតាបិតាសិស្ស",
  "ការបង្រៀនបំប៉នសិស្សរៀនយឺត",
  "ល្បឿននៃការចេញសំបុត្រកំណើត",
  "ការផ្សព្វផ្សាយព័ត៌មានដល់ភូមិ",
  "ប្រអប់ទទួលមតិយោបល់",
  "កន្លែងអង្គុយរង់ចាំ",
  NULL
};

const char * const isaf_demo_jaap_activities_ka[] = {
  "ដាក់ប្រព័ន្ធលូបង្ហូរទឹកតាមភូមិ",
  "សាងសង់ជម្រាលសម្រាប់ជនមានពិការភាព",
  "សាងសង់បន្ទប់ទឹកសម្រាប់ជនមានពិការភាព",
  "ជីកអណ្ដូងទឹកស្អាតនៅសាលាបឋមសិក្សា",
  "ជួសជុលដំបូលបន្ទប់រៀន",
  "សាងសង់អាគារសិក្សាថ្មី",
  "សាងសង់របងសាលារៀន",
  "សាងសង់បង្គន់អនាម័យសម្រាប់សិស្ស",
  "ចាក់បេតុងផ្លូវចូលមណ្ឌលសុខភាព",
  "ដំឡើងប្រព័ន្ធថាមពលព្រះអាទិត្យនៅមណ្ឌលសុខភាព",
  "ទិញគ្រែសម្រាលកូន",
  "ទិញម៉ាស៊ីនបូមទឹក",
  "សាងសង់អាងស្ដុកទឹកភ្លៀង",
  "ស្ថាបនាផ្លូវក្រួសក្រហមក្នុងភូមិ",
  "ទិញតុកៅអីសិស្ស",
  "រៀបចំបន្ទប់បណ្ណាល័យសាលា",
  "ទិញកៅអីរង់ចាំសម្រាប់សាលាឃុំ",
  "ជួសជុលអាគារសាលាឃុំ",
  "សាងសង់រោងសម្រាប់អ្នកកំដរអ្នកជំងឺ",
  "ទិញម៉ាស៊ីនចម្រោះទឹកសម្រាប់មណ្ឌលសុខភាព",
  "ទិញកុំព្យូទ័រ និងម៉ាស៊ីនបោះពុម្ពសម្រាប់ការិយាល័យឃុំ",
  "ដំឡើងភ្លើងបំភ្លឺផ្លូវក្នុងភូមិ",
  "ទិញសម្ភារៈពេទ្យសម្រាប់បន្ទប់សម្រាល",
  "ដាក់លូមូលឆ្លងកាត់ផ្លូវ",
  NULL
};

const char * const isaf_demo_jaap_units_ka[] = {
  "ម៉ែត",
  "កន្លែង",
  "បន្ទប់",
  "អណ្ដូង",
  "បន្ទប់",
  "ខ្នង",
  "ម៉ែត",
  "បន្ទប់",
  "ម៉ែត",
  "ប្រព័ន្ធ",
  "គ្រឿង",
  "គ្រឿង",
  "អាង",
  "ម៉ែត",
  "ឈុត",
  "បន្ទប់",
  "គ្រឿង",
  "ខ្នង",
  "ខ្នង",
  "គ្រឿង",
  "ឈុត",
  "បង្គោល",
  "ឈុត",
  "កន្លែង",
  NULL
};

const char * const isaf_demo_jaap_activities_kha[] = {
  "រៀបចំបន្ទប់ធ្វើការឱ្យស្អាត",
  "បិទផ្សាយម៉ោងធ្វើការនៅមុខសាលាឃុំ",
  "បិទផ្សាយតម្លៃសេវាផ្លូវការនៅមណ្ឌលសុខភាព",
  "បុគ្គលិកមកធ្វើការឱ្យទាន់ម៉ោង",
  "រៀបចំតារាងវេនពេទ្យប្រចាំការពេលយប់",
  "ប្រជុំជាមួយមាតាបិតាសិស្សរៀងរាល់ត្រីមាស",
  "សម្អាតទីធ្លាសាលារៀនរៀងរាល់សប្ដាហ៍",
  "សម្អាតបន្ទប់ទឹកមណ្ឌលសុខភាពប្រចាំថ្ងៃ",
  "ដាក់ប្រអប់ទទួលមតិយោបល់",
  "រៀបចំកន្លែងអង្គុយរង់ចាំ",
  "ផ្សព្វផ្សាយសិទ្ធិអ្នកកាន់ប័ណ្ណសមធម៌តាមភូមិ",
  "ពន្យល់អ្នកជំងឺពីរបៀបប្រើថ្នាំឱ្យបានច្បាស់",
  "បង្រៀនបំប៉នសិស្សរៀនយឺតក្រៅម៉ោងដោយឥតគិតថ្លៃ",
  "ដាំដើមឈើក្នុងទីធ្លាសាលា",
  "ផ្សព្វផ្សាយផែនការអភិវឌ្ឍឃុំតាមភូមិ",
  "រៀបចំកាតលេខរៀងរង់ចាំសម្រាប់អ្នកជំងឺ",
  "ចុះអប់រំសុខភាពមាតា និងទារកតាមភូមិ",
  "ដាក់ធុងសំរាមតាមថ្នាក់រៀន",
  "ចុះជួបគ្រួសារសិស្សដែលបោះបង់ការសិក្សា",
  "បណ្ដុះបណ្ដាលបុគ្គលិកអំពីការទំនាក់ទំនងជាមួយអ្នកជំងឺ",
  "ចុះបញ្ជីកំណើតចល័តតាមភូមិ",
  "សហគមន៍ចូលរួមសម្អាតលូបង្ហូរទឹកក្នុងភូមិ",
  NULL
};

const char * const isaf_demo_jaap_units_kha[] = {
  "បន្ទប់",
  "ផ្ទាំង",
  "ផ្ទាំង",
  "នាក់",
  "តារាង",
  "ដង",
  "ដង",
  "បន្ទប់",
  "ប្រអប់",
  "កន្លែង",
  "ភូមិ",
  "នាក់",
  "ថ្នាក់",
  "ដើម",
  "ភូមិ",
  "ឈុត",
  "ដង",
  "ធុង",
  "គ្រួសារ",
  "វគ្គ",
  "ដង",
  "ម៉ែត",
  NULL
};

const char * const isaf_demo_implementers[] = {
  "ក្រុមប្រឹក្សាឃុំ/ស្មៀន",
  "មេឃុំ/ស្មៀន/ក្រុមប្រឹក្សា",
  "ប្រធានមណ្ឌល/បុគ្គលិកពេទ្យ",
  "នាយកសាលា/គ្រូបង្រៀន",
  "គណៈកម្មការទ្រទ្រង់សាលារៀន",
  "គណៈកម្មការគ្រប់គ្រងមណ្ឌលសុខភាព",
  "មេភូមិ/សហគមន៍",
  "ក្រុមទ្រទ្រង់សុខភាពភូមិ",
  "គណៈកម្មាធិការទទួលបន្ទុកកិច្ចការនារី និងកុមារ",
  "ការិយាល័យអប់រំស្រុក/នាយកសាលា",
  "ស្រុកប្រតិបត្តិ/ប្រធានមណ្ឌល",
  "ក្រុមប្រឹក្សាឃុំ/អង្គការដៃគូ",
  NULL
};

const char * const isaf_demo_progress_notes[] = {
  "បានចាប់ផ្ដើមអនុវត្តហើយ",
  "កំពុងស្នើសុំថវិកាពីរដ្ឋបាលស្រុក",
  "បានបញ្ចូលក្នុងកម្មវិធីវិនិយោគឃុំ",
  "ការងារបានប្រហែលពាក់កណ្ដាល",
  "កំពុងរង់ចាំក្រុមហ៊ុនម៉ៅការចាប់ផ្ដើមការងារ",
  "បានបិទផ្សាយរួចរាល់ហើយ",
  "ការងារយឺតដោយសារភ្លៀងខ្លាំង",
  "សហគមន៍បានចូលរួមកម្លាំងពលកម្ម",
  "អង្គការដៃគូបានសន្យាផ្ដល់ថវិកា",
  "បានបញ្ចប់ និងប្រគល់ឱ្យប្រើប្រាស់ហើយ",
  "មិនទាន់មានថវិកាអនុវត្ត",
  "បានប្រជុំជាមួយមាតាបិតាសិស្សម្ដងហើយ",
  "បុគ្គលិកមកធ្វើការទាន់ម៉ោងប្រសើរជាងមុន",
  "បានដាក់សំណើទៅការិយាល័យអប់រំ យុវជន និងកីឡាស្រុក",
  "បានផ្ញើសំណើទៅស្រុកប្រតិបត្តិ",
  "ការងារសម្រេចបានប្រហែល ៨០%",
  NULL
};

const char * const isaf_demo_decisions[] = {
  "យល់ព្រមបន្តតាមដានសកម្មភាពដែលកំពុងអនុវត្ត",
  "ស្នើឱ្យប្រធានមណ្ឌលសុខភាពរាយការណ៍វឌ្ឍនភាពនៅកិច្ចប្រជុំលើកក្រោយ",
  "សម្រេចដាក់សំណើថវិកាទៅរដ្ឋបាលស្រុក",
  "ឯកភាពពន្យារពេលសកម្មភាពនេះទៅឆ្នាំក្រោយ",
  "ឯកភាពលុបចោលសកម្មភាពនេះ ដោយសារគ្មានថវិកា",
  "ចាត់តាំងស្មៀនឃុំឱ្យតាមដាន និងរាយការណ៍ប្រចាំខែ",
  "ស្នើឱ្យអ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍ផ្សព្វផ្សាយលទ្ធផលដល់ភូមិ",
  "សម្រេចបញ្ចូលសកម្មភាពនេះក្នុងកម្មវិធីវិនិយោគបីឆ្នាំរំកិលរបស់ឃុំ",
  "ឯកភាពរៀបចំកិច្ចប្រជុំលើកក្រោយនៅដើមខែក្រោយ",
  "ស្នើសុំការគាំទ្រពីអង្គការដៃគូ",
  "កត់ត្រាថាសកម្មភាពបានបញ្ចប់ និងបិទការតាមដាន",
  "សម្រេចប្រមូលការចូលរួមពីសហគមន៍ជាកម្លាំងពលកម្ម និងសម្ភារៈ",
  "ស្នើឱ្យនាយកសាលារាយការណ៍ពីវត្តមានគ្រូបង្រៀនប្រចាំខែ",
  NULL
};

const char * const isaf_demo_awpb_descriptions[] = {
  "កិច្ចប្រជុំប្រចាំខែរបស់គណៈកម្មការ JAAP (អាហារសម្រន់ និងទឹក)",
  "ថ្លៃធ្វើដំណើរសមាជិកគណៈកម្មការ JAAP ចូលរួមប្រជុំ",
  "សម្ភារៈ និងឯកសារសម្រាប់កិច្ចប្រជុំគណៈកម្មការ JAAP",
  "បោះពុម្ពផ្ទាំងព័ត៌មានសម្រាប់ពលរដ្ឋ (I4C)",
  "បិទផ្សាយផ្ទាំង I4C នៅទីសាធារណៈក្នុងភូមិ",
  "ថ្លៃធ្វើដំណើរអ្នកសម្របសម្រួលគណនេយ្យភាពសហគមន៍ (CAF)",
  "វគ្គបណ្ដុះបណ្ដាលស្ដីពីកាតពិន្ទុសហគមន៍សម្រាប់ CAF",
  "ការជ្រើសរើស និងបំពាក់បំប៉ន CAF ថ្មី",
  "ចូលរួមសិក្ខាសាលាសមាហរណកម្មស្រុក",
  "រៀបចំបញ្ចូលសកម្មភាព JAAP ក្នុងកម្មវិធីវិនិយោគឃុំ",
  "កិច្ចប្រជុំផ្សារភ្ជាប់រវាងពលរដ្ឋ និងអ្នកផ្ដល់សេវា",
  "សម្ភារៈការិយាល័យ (ក្រដាស ប៊ិច ទឹកខ្មៅ)",
  NULL
};

const char * const isaf_demo_awpb_categories[] = {
  "jaapc_meetings",
  "jaapc_meetings",
  "jaapc_meetings",
  "i4c_printing",
  "i4c_printing",
  "caf_support",
  "caf_support",
  "caf_support",
  "cip_activities",
  "cip_activities",
  "other",
  "other",
  NULL
};

const char * const isaf_demo_fee_services_km[] = {
  "ពិគ្រោះជំងឺក្រៅ (មនុស្សធំ)",
  "ពិគ្រោះជំងឺក្រៅ (កុមារក្រោម ៥ ឆ្នាំ)",
  "ពិនិត្យផ្ទៃពោះ",
  "សម្រាលកូនធម្មតា",
  "ពិនិត្យក្រោយសម្រាល",
  "ចាក់វ៉ាក់សាំងកុមារ (ឥតគិតថ្លៃ)",
  "ពន្យារកំណើត (ថ្នាំគ្រាប់ ឬថ្នាំចាក់)",
  "ថ្នាំកប់ពន្យារកំណើត",
  "សម្រាកព្យាបាលក្នុងមណ្ឌល (ក្នុងមួយថ្ងៃ)",
  "រុំរបួស និងដេររបួស",
  "ធ្វើតេស្តគ្រុនចាញ់",
  "ធ្វើតេស្តជាតិស្ករក្នុងឈាម",
  "ចាក់ថ្នាំ",
  "ដាក់សេរ៉ូម",
  "បញ្ជូនអ្នកជំងឺទៅមន្ទីរពេទ្យបង្អែក",
  "ពិនិត្យ និងព្យាបាលជំងឺរបេង (ឥតគិតថ្លៃ)",
  "អ្នកកាន់ប័ណ្ណសមធម៌ (ឥតគិតថ្លៃ)",
  NULL
};

const char * const isaf_demo_fee_services_en[] = {
  "Outpatient consultation (adult)",
  "Outpatient consultation (child under 5)",
  "Antenatal care",
  "Normal delivery",
  "Postnatal care",
  "Child vaccination (free)",
  "Birth spacing (pill or injection)",
  "Contraceptive implant",
  "Inpatient stay (per day)",
  "Wound dressing and suturing",
  "Malaria test",
  "Blood glucose test",
  "Injection",
  "Intravenous drip",
  "Referral to the referral hospital",
  "Tuberculosis diagnosis and treatment (free)",
  "ID-Poor card holders (free)",
  NULL
};

const char * const isaf_demo_school_fee_services_km[] = {
  "ចុះឈ្មោះចូលរៀនថ្នាក់ទី១ (ឥតគិតថ្លៃ)",
  "ការសិក្សាតាមកម្មវិធីផ្លូវការ (ឥតគិតថ្លៃ)",
  "សៀវភៅសិក្សាគោល (ឥតគិតថ្លៃ)",
  "ការប្រឡងប្រចាំឆមាស (ឥតគិតថ្លៃ)",
  "បណ្ណាល័យសាលា (ឥតគិតថ្លៃ)",
  "អាហារដ្ឋានសាលារៀន (ឥតគិតថ្លៃ)",
  "លិខិតបញ្ជាក់ការសិក្សា",
  "លិខិតផ្ទេរសាលារៀន",
  "សៀវភៅតាមដានការសិក្សារបស់សិស្ស",
  "វិញ្ញាបនបត្របញ្ចប់ការសិក្សាបឋមសិក្សា",
  "ឯកសណ្ឋានសិស្ស",
  NULL
};

const char * const isaf_demo_school_fee_services_en[] = {
  "Grade 1 enrolment (free)",
  "Tuition under the official curriculum (free)",
  "Core textbooks (free)",
  "Semester examinations (free)",
  "School library (free)",
  "School meals (free)",
  "Certificate of study",
  "School transfer letter",
  "Student record book",
  "Primary school completion certificate",
  "School uniform",
  NULL
};

const char * const isaf_demo_staff_categories_health[] = {
  "ប្រធានមណ្ឌលសុខភាព",
  "វេជ្ជបណ្ឌិត",
  "គ្រូពេទ្យមធ្យម",
  "គិលានុបដ្ឋាកមធ្យម",
  "គិលានុបដ្ឋាកបឋម",
  "ឆ្មបមធ្យម",
  "ឆ្មបបឋម",
  "ឱសថការី",
  "អ្នកបច្ចេកទេសមន្ទីរពិសោធន៍",
  "បុគ្គលិកគាំទ្រ",
  NULL
};

const char * const isaf_demo_staff_categories_school[] = {
  "នាយក",
  "នាយករង",
  "គ្រូបង្រៀន",
  "គ្រូបង្រៀនកិច្ចសន្យា",
  "គ្រូស្ម័គ្រចិត្ត",
  "បណ្ណារក្ស",
  "បេឡាករ",
  "ឆ្មាំសាលា",
  NULL
};

/* Each pair is checked here so that a line added to one array and not the other
 * fails the build instead of shifting every unit onto the wrong activity. */
#define SAME_LENGTH(a, b) G_STATIC_ASSERT (G_N_ELEMENTS (a) == G_N_ELEMENTS (b))
SAME_LENGTH (isaf_demo_jaap_activities_ka, isaf_demo_jaap_units_ka);
SAME_LENGTH (isaf_demo_jaap_activities_kha, isaf_demo_jaap_units_kha);
SAME_LENGTH (isaf_demo_awpb_descriptions, isaf_demo_awpb_categories);
SAME_LENGTH (isaf_demo_fee_services_km, isaf_demo_fee_services_en);
SAME_LENGTH (isaf_demo_school_fee_services_km, isaf_demo_school_fee_services_en);
#undef SAME_LENGTH

/* Two draws out of this many give a school ថ្មី or ចាស់ (one in six), as when a
 * village has an old and a new school; never after a village name that already
 * ends in either. */
#define SCHOOL_SUFFIX_DRAWS 12

static const IsafDemoName *
pick_name (GRand              *rand,
           const IsafDemoName *names,
           guint               n_names)
{
  return &names[g_rand_int_range (rand, 0, (gint32) n_names)];
}

void
isaf_demo_person_name (GRand       *rand,
                       IsafDemoSex  sex,
                       char       **name_km,
                       char       **name_latin)
{
  const IsafDemoName *family;
  const IsafDemoName *given;

  g_return_if_fail (rand != NULL);
  g_return_if_fail (sex == ISAF_DEMO_FEMALE || sex == ISAF_DEMO_MALE);

  family = pick_name (rand, family_names, G_N_ELEMENTS (family_names));
  if (sex == ISAF_DEMO_FEMALE)
    given = pick_name (rand, female_given_names, G_N_ELEMENTS (female_given_names));
  else
    given = pick_name (rand, male_given_names, G_N_ELEMENTS (male_given_names));

  if (name_km != NULL)
    *name_km = g_strconcat (family->km, " ", given->km, NULL);
  if (name_latin != NULL)
    *name_latin = g_strconcat (family->latin, " ", given->latin, NULL);
}

char *
isaf_demo_health_centre_name (const char *commune_name_km)
{
  g_return_val_if_fail (commune_name_km != NULL, NULL);

  return g_strconcat ("មណ្ឌលសុខភាព", commune_name_km, NULL);
}

char *
isaf_demo_school_name (GRand      *rand,
                       const char *village_name_km)
{
  const char *suffix = "";
  gint32 draw;

  g_return_val_if_fail (rand != NULL, NULL);
  g_return_val_if_fail (village_name_km != NULL, NULL);

  /* Draw every time so that the village name never changes the random stream. */
  draw = g_rand_int_range (rand, 0, SCHOOL_SUFFIX_DRAWS);
  if (!g_str_has_suffix (village_name_km, "ថ្មី") && !g_str_has_suffix (village_name_km, "ចាស់"))
    {
      if (draw == 0)
        suffix = "ថ្មី";
      else if (draw == 1)
        suffix = "ចាស់";
    }

  return g_strconcat ("សាលាបឋមសិក្សា", village_name_km, suffix, NULL);
}

char *
isaf_demo_english_name (const char *kind,
                        const char *place_latin)
{
  const char *suffix;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (place_latin != NULL, NULL);

  if (g_str_equal (kind, "health_centre"))
    suffix = "Health Centre";
  else if (g_str_equal (kind, "primary_school"))
    suffix = "Primary School";
  else if (g_str_equal (kind, "commune_office"))
    suffix = "Commune Office";
  else
    g_return_val_if_reached (NULL);

  return g_strconcat (place_latin, " ", suffix, NULL);
}

guint
isaf_demo_pool_length (const char * const *pool)
{
  guint n = 0;

  g_return_val_if_fail (pool != NULL, 0);

  while (pool[n] != NULL)
    n++;

  return n;
}

const char *
isaf_demo_pick (GRand              *rand,
                const char * const *pool)
{
  guint n;

  g_return_val_if_fail (rand != NULL, NULL);
  g_return_val_if_fail (pool != NULL, NULL);

  n = isaf_demo_pool_length (pool);
  g_return_val_if_fail (n > 0, NULL);

  return pool[g_rand_int_range (rand, 0, (gint32) n)];
}
